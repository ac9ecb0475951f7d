-- Reference geography (GeographieMetier). Names follow Apogée's tables, lower-cased.
-- PostgreSQL enforces VARCHAR lengths itself.
CREATE TABLE pays (
    cod_pay        VARCHAR(3)  NOT NULL PRIMARY KEY,
    lib_pay        VARCHAR(40) NOT NULL,
    lib_nat        VARCHAR(40),
    tem_en_sve_pay CHAR(1)     NOT NULL DEFAULT 'O' CHECK (tem_en_sve_pay IN ('O', 'N'))
);

CREATE TABLE academie (
    cod_aca VARCHAR(3)  NOT NULL PRIMARY KEY,
    lib_aca VARCHAR(40) NOT NULL
);

CREATE TABLE departement (
    cod_dep        VARCHAR(3)  NOT NULL PRIMARY KEY,
    lib_dep        VARCHAR(40) NOT NULL,
    cod_aca        VARCHAR(3)  REFERENCES academie (cod_aca),
    tem_en_sve_dep CHAR(1)     NOT NULL DEFAULT 'O' CHECK (tem_en_sve_dep IN ('O', 'N'))
);

CREATE TABLE commune (
    cod_com        VARCHAR(5)  NOT NULL PRIMARY KEY,
    lib_com        VARCHAR(40) NOT NULL,
    cod_dep        VARCHAR(3)  REFERENCES departement (cod_dep),
    tem_en_sve_com CHAR(1)     NOT NULL DEFAULT 'O' CHECK (tem_en_sve_com IN ('O', 'N'))
);

CREATE TABLE bureau_distributeur (
    cod_bdi        VARCHAR(5)  NOT NULL PRIMARY KEY,
    lib_ach_bdi    VARCHAR(40) NOT NULL,
    tem_en_sve_bdi CHAR(1)     NOT NULL DEFAULT 'O' CHECK (tem_en_sve_bdi IN ('O', 'N'))
);

CREATE TABLE com_bdi (
    cod_com        VARCHAR(5) NOT NULL REFERENCES commune (cod_com),
    cod_bdi        VARCHAR(5) NOT NULL REFERENCES bureau_distributeur (cod_bdi),
    tem_en_sve_cbd CHAR(1)    NOT NULL DEFAULT 'O' CHECK (tem_en_sve_cbd IN ('O', 'N')),
    PRIMARY KEY (cod_com, cod_bdi)
);
CREATE INDEX com_bdi_cod_bdi ON com_bdi (cod_bdi);
