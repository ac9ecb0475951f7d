-- Student records read and written by EtudiantMetier (issue 7): addresses, bacs,
-- blockings, and the reference tables their DTOs name. Names follow Apogée's
-- tables, lower-cased. individu itself is V6; here it gains the personal e-mail
-- and mobile number that CoordonneesDTO2 returns.

ALTER TABLE individu ADD COLUMN adr_mail_per VARCHAR(200) CHECK (length(adr_mail_per) <= 200);
ALTER TABLE individu ADD COLUMN num_tel_por VARCHAR(15) CHECK (length(num_tel_por) <= 15);

CREATE TABLE typ_hebergement (
    cod_thb        VARCHAR(1) NOT NULL CHECK (length(cod_thb) <= 1),
    lib_thb        VARCHAR(40) NOT NULL CHECK (length(lib_thb) <= 40),
    lib_web_thb    VARCHAR(60) CHECK (length(lib_web_thb) <= 60),
    tem_en_sve_thb CHAR(1) NOT NULL DEFAULT 'O' CHECK (length(tem_en_sve_thb) <= 1 AND tem_en_sve_thb IN ('O', 'N')),
    PRIMARY KEY (cod_thb)
);

CREATE TABLE sit_fam (
    cod_fam VARCHAR(1) NOT NULL CHECK (length(cod_fam) <= 1),
    lic_fam VARCHAR(20) CHECK (length(lic_fam) <= 20),
    lib_fam VARCHAR(40) NOT NULL CHECK (length(lib_fam) <= 40),
    PRIMARY KEY (cod_fam)
);

CREATE TABLE sit_mil (
    cod_sim VARCHAR(1) NOT NULL CHECK (length(cod_sim) <= 1),
    lic_sim VARCHAR(20) CHECK (length(lic_sim) <= 20),
    lib_sim VARCHAR(40) NOT NULL CHECK (length(lib_sim) <= 40),
    PRIMARY KEY (cod_sim)
);

CREATE TABLE typ_handicap (
    cod_thp VARCHAR(2) NOT NULL CHECK (length(cod_thp) <= 2),
    lic_thp VARCHAR(20) CHECK (length(lic_thp) <= 20),
    lib_thp VARCHAR(40) NOT NULL CHECK (length(lib_thp) <= 40),
    PRIMARY KEY (cod_thp)
);

CREATE TABLE typ_etablissement (
    cod_tpe     VARCHAR(2) NOT NULL CHECK (length(cod_tpe) <= 2),
    lib_tpe     VARCHAR(40) NOT NULL CHECK (length(lib_tpe) <= 40),
    lib_web_tpe VARCHAR(60) CHECK (length(lib_web_tpe) <= 60),
    PRIMARY KEY (cod_tpe)
);

CREATE TABLE etablissement (
    cod_etb VARCHAR(8) NOT NULL CHECK (length(cod_etb) <= 8),
    lib_etb VARCHAR(40) NOT NULL CHECK (length(lib_etb) <= 40),
    cod_tpe VARCHAR(2) REFERENCES typ_etablissement (cod_tpe) CHECK (length(cod_tpe) <= 2),
    cod_dep VARCHAR(3) REFERENCES departement (cod_dep) CHECK (length(cod_dep) <= 3),
    PRIMARY KEY (cod_etb)
);

CREATE TABLE bac_oux_equ (
    cod_bac VARCHAR(4) NOT NULL CHECK (length(cod_bac) <= 4),
    lib_bac VARCHAR(60) NOT NULL CHECK (length(lib_bac) <= 60),
    lic_bac VARCHAR(20) CHECK (length(lic_bac) <= 20),
    PRIMARY KEY (cod_bac)
);

CREATE TABLE mention_niv_bac (
    cod_mnb VARCHAR(2) NOT NULL CHECK (length(cod_mnb) <= 2),
    lib_mnb VARCHAR(40) NOT NULL CHECK (length(lib_mnb) <= 40),
    PRIMARY KEY (cod_mnb)
);

CREATE TABLE specialite_bac (
    cod_spb VARCHAR(4) NOT NULL CHECK (length(cod_spb) <= 4),
    lic_spb VARCHAR(20) CHECK (length(lic_spb) <= 20),
    lib_spb VARCHAR(60) NOT NULL CHECK (length(lib_spb) <= 60),
    PRIMARY KEY (cod_spb)
);

CREATE TABLE option_bac (
    cod_opb VARCHAR(4) NOT NULL CHECK (length(cod_opb) <= 4),
    lic_opb VARCHAR(20) CHECK (length(lic_opb) <= 20),
    lib_opb VARCHAR(60) NOT NULL CHECK (length(lib_opb) <= 60),
    PRIMARY KEY (cod_opb)
);

-- A bac (or equivalent) of an individual; labels come from the reference tables.
CREATE TABLE ind_bac (
    cod_ind         INTEGER NOT NULL REFERENCES individu (cod_ind),
    cod_bac         VARCHAR(4) NOT NULL REFERENCES bac_oux_equ (cod_bac) CHECK (length(cod_bac) <= 4),
    daa_obt_bac_iba VARCHAR(4) CHECK (length(daa_obt_bac_iba) <= 4 AND daa_obt_bac_iba GLOB '[0-9][0-9][0-9][0-9]'),
    cod_etb         VARCHAR(8) REFERENCES etablissement (cod_etb) CHECK (length(cod_etb) <= 8),
    cod_dep         VARCHAR(3) REFERENCES departement (cod_dep) CHECK (length(cod_dep) <= 3),
    cod_mnb         VARCHAR(2) REFERENCES mention_niv_bac (cod_mnb) CHECK (length(cod_mnb) <= 2),
    cod_tpe         VARCHAR(2) REFERENCES typ_etablissement (cod_tpe) CHECK (length(cod_tpe) <= 2),
    cod_spe1_bac    VARCHAR(4) REFERENCES specialite_bac (cod_spb) CHECK (length(cod_spe1_bac) <= 4),
    cod_spe2_bac    VARCHAR(4) REFERENCES specialite_bac (cod_spb) CHECK (length(cod_spe2_bac) <= 4),
    cod_spe_bac_pre VARCHAR(4) REFERENCES specialite_bac (cod_spb) CHECK (length(cod_spe_bac_pre) <= 4),
    cod_opt1_bac    VARCHAR(4) REFERENCES option_bac (cod_opb) CHECK (length(cod_opt1_bac) <= 4),
    cod_opt2_bac    VARCHAR(4) REFERENCES option_bac (cod_opb) CHECK (length(cod_opt2_bac) <= 4),
    cod_opt3_bac    VARCHAR(4) REFERENCES option_bac (cod_opb) CHECK (length(cod_opt3_bac) <= 4),
    cod_opt4_bac    VARCHAR(4) REFERENCES option_bac (cod_opb) CHECK (length(cod_opt4_bac) <= 4),
    PRIMARY KEY (cod_ind, cod_bac)
);

CREATE TABLE typ_blocage (
    cod_tbl VARCHAR(2) NOT NULL CHECK (length(cod_tbl) <= 2),
    lib_tbl VARCHAR(40) NOT NULL CHECK (length(lib_tbl) <= 40),
    PRIMARY KEY (cod_tbl)
);

CREATE TABLE blocage (
    cod_blo VARCHAR(4) NOT NULL CHECK (length(cod_blo) <= 4),
    lib_blo VARCHAR(60) NOT NULL CHECK (length(lib_blo) <= 60),
    cod_tbl VARCHAR(2) REFERENCES typ_blocage (cod_tbl) CHECK (length(cod_tbl) <= 2),
    PRIMARY KEY (cod_blo)
);

-- A blocking put on an individual (IND_SANCTIONNE_BLO), for one étape or all of them.
CREATE TABLE ind_blocage (
    cod_ind INTEGER NOT NULL REFERENCES individu (cod_ind),
    cod_blo VARCHAR(4) NOT NULL REFERENCES blocage (cod_blo) CHECK (length(cod_blo) <= 4),
    cod_etp VARCHAR(6) REFERENCES etape (cod_etp) CHECK (length(cod_etp) <= 6),
    PRIMARY KEY (cod_ind, cod_blo)
);

-- An address, as in Apogée: the fixed one carries cod_ind, an annual one
-- (cod_ind_ina, cod_anu_ina): one of each kind per individual and year. A French
-- address has cod_bdi (postal code) and cod_com (INSEE code), a foreign one
-- cod_pay and lib_ade (town line). cod_thb: the accommodation type of that year
-- (Apogée keeps it on INS_ADM_ANU; here on the annual address).
CREATE TABLE adresse (
    cod_adr     INTEGER NOT NULL,
    cod_ind     INTEGER REFERENCES individu (cod_ind),
    cod_ind_ina INTEGER REFERENCES individu (cod_ind),
    cod_anu_ina VARCHAR(4) CHECK (length(cod_anu_ina) <= 4 AND cod_anu_ina GLOB '[0-9][0-9][0-9][0-9]'),
    cod_pay     VARCHAR(3) REFERENCES pays (cod_pay) CHECK (length(cod_pay) <= 3),
    cod_bdi     VARCHAR(5) REFERENCES bureau_distributeur (cod_bdi) CHECK (length(cod_bdi) <= 5),
    cod_com     VARCHAR(5) REFERENCES commune (cod_com) CHECK (length(cod_com) <= 5),
    lib_ad1     VARCHAR(32) CHECK (length(lib_ad1) <= 32),
    lib_ad2     VARCHAR(32) CHECK (length(lib_ad2) <= 32),
    lib_ad3     VARCHAR(32) CHECK (length(lib_ad3) <= 32),
    lib_ade     VARCHAR(32) CHECK (length(lib_ade) <= 32),
    num_tel     VARCHAR(15) CHECK (length(num_tel) <= 15),
    cod_thb     VARCHAR(1) REFERENCES typ_hebergement (cod_thb) CHECK (length(cod_thb) <= 1),
    PRIMARY KEY (cod_adr),
    CHECK ((cod_ind IS NOT NULL AND cod_ind_ina IS NULL AND cod_anu_ina IS NULL) OR (cod_ind IS NULL AND cod_ind_ina IS NOT NULL AND cod_anu_ina IS NOT NULL)),
    CONSTRAINT adresse_fixe_key UNIQUE (cod_ind),
    CONSTRAINT adresse_annuelle_key UNIQUE (cod_ind_ina, cod_anu_ina)
);

