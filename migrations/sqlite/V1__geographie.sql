-- Reference geography (GeographieMetier). Names follow Apogée's tables, lower-cased.
-- SQLite does not enforce VARCHAR lengths: CHECK constraints do.
CREATE TABLE pays (
    cod_pay        VARCHAR(3)  NOT NULL PRIMARY KEY CHECK (length(cod_pay) <= 3),
    lib_pay        VARCHAR(40) NOT NULL CHECK (length(lib_pay) <= 40),
    lib_nat        VARCHAR(40) CHECK (length(lib_nat) <= 40),
    tem_en_sve_pay CHAR(1)     NOT NULL DEFAULT 'O' CHECK (tem_en_sve_pay IN ('O', 'N'))
);

CREATE TABLE academie (
    cod_aca VARCHAR(3)  NOT NULL PRIMARY KEY CHECK (length(cod_aca) <= 3),
    lib_aca VARCHAR(40) NOT NULL CHECK (length(lib_aca) <= 40)
);

CREATE TABLE departement (
    cod_dep        VARCHAR(3)  NOT NULL PRIMARY KEY CHECK (length(cod_dep) <= 3),
    lib_dep        VARCHAR(40) NOT NULL CHECK (length(lib_dep) <= 40),
    cod_aca        VARCHAR(3)  REFERENCES academie (cod_aca),
    tem_en_sve_dep CHAR(1)     NOT NULL DEFAULT 'O' CHECK (tem_en_sve_dep IN ('O', 'N'))
);

CREATE TABLE commune (
    cod_com        VARCHAR(5)  NOT NULL PRIMARY KEY CHECK (length(cod_com) <= 5),
    lib_com        VARCHAR(40) NOT NULL CHECK (length(lib_com) <= 40),
    cod_dep        VARCHAR(3)  REFERENCES departement (cod_dep),
    tem_en_sve_com CHAR(1)     NOT NULL DEFAULT 'O' CHECK (tem_en_sve_com IN ('O', 'N'))
);

CREATE TABLE bureau_distributeur (
    cod_bdi        VARCHAR(5)  NOT NULL PRIMARY KEY CHECK (length(cod_bdi) <= 5),
    lib_ach_bdi    VARCHAR(40) NOT NULL CHECK (length(lib_ach_bdi) <= 40),
    tem_en_sve_bdi CHAR(1)     NOT NULL DEFAULT 'O' CHECK (tem_en_sve_bdi IN ('O', 'N'))
);

CREATE TABLE com_bdi (
    cod_com        VARCHAR(5) NOT NULL REFERENCES commune (cod_com),
    cod_bdi        VARCHAR(5) NOT NULL REFERENCES bureau_distributeur (cod_bdi),
    tem_en_sve_cbd CHAR(1)    NOT NULL DEFAULT 'O' CHECK (tem_en_sve_cbd IN ('O', 'N')),
    PRIMARY KEY (cod_com, cod_bdi)
);
CREATE INDEX com_bdi_cod_bdi ON com_bdi (cod_bdi);
