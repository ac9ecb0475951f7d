-- Course structure (OffreFormationMetier, "Structure des Enseignements").
-- Names follow Apogée's tables, lower-cased; one table per field of
-- `Catalogue` (src/domain/offre.rs), one column per field of its row struct, in
-- the same order (src/store/offre.rs checks it). Apogée flags are 'O'/'N'.
-- PostgreSQL enforces VARCHAR lengths itself. Foreign keys are DEFERRABLE
-- INITIALLY DEFERRED: checked at commit, so an import can write its rows in any
-- order inside its transaction.

-- Reference tables: code, label, short label, in service.
CREATE TABLE composante (
    cod_cmp        VARCHAR(3)  NOT NULL PRIMARY KEY,
    lib_cmp        VARCHAR(60),
    lic_cmp        VARCHAR(25),
    tem_en_sve_cmp CHAR(1)     NOT NULL DEFAULT 'O' CHECK (tem_en_sve_cmp IN ('O', 'N'))
);

CREATE TABLE centre_gestion (
    cod_cge        VARCHAR(3)  NOT NULL PRIMARY KEY,
    lib_cge        VARCHAR(60),
    lic_cge        VARCHAR(25),
    tem_en_sve_cge CHAR(1)     NOT NULL DEFAULT 'O' CHECK (tem_en_sve_cge IN ('O', 'N'))
);

CREATE TABLE cycle (
    cod_cyc        VARCHAR(4)  NOT NULL PRIMARY KEY,
    lib_cyc        VARCHAR(60),
    lic_cyc        VARCHAR(25),
    tem_en_sve_cyc CHAR(1)     NOT NULL DEFAULT 'O' CHECK (tem_en_sve_cyc IN ('O', 'N'))
);

CREATE TABLE nature_diplome (
    cod_nat_dip        VARCHAR(4)  NOT NULL PRIMARY KEY,
    lib_nat_dip        VARCHAR(60),
    lic_nat_dip        VARCHAR(25),
    tem_en_sve_nat_dip CHAR(1)     NOT NULL DEFAULT 'O' CHECK (tem_en_sve_nat_dip IN ('O', 'N'))
);

CREATE TABLE typ_diplome (
    cod_tpd_etb    VARCHAR(4)  NOT NULL PRIMARY KEY,
    lib_tpd        VARCHAR(60),
    lic_tpd        VARCHAR(25),
    tem_en_sve_tpd CHAR(1)     NOT NULL DEFAULT 'O' CHECK (tem_en_sve_tpd IN ('O', 'N'))
);

CREATE TABLE nature_elp (
    cod_nel        VARCHAR(4)  NOT NULL PRIMARY KEY,
    lib_nel        VARCHAR(60),
    lic_nel        VARCHAR(25),
    tem_en_sve_nel CHAR(1)     NOT NULL DEFAULT 'O' CHECK (tem_en_sve_nel IN ('O', 'N'))
);

CREATE TABLE periode_elp (
    cod_pel        VARCHAR(4)  NOT NULL PRIMARY KEY,
    lib_pel        VARCHAR(60),
    lic_pel        VARCHAR(25),
    tem_en_sve_pel CHAR(1)     NOT NULL DEFAULT 'O' CHECK (tem_en_sve_pel IN ('O', 'N'))
);

-- The structure: diplôme → VDI → (vdi_fractionner_vet) → VET ← étape.
CREATE TABLE diplome (
    cod_dip     VARCHAR(7)   NOT NULL PRIMARY KEY,
    lib_dip     VARCHAR(120) NOT NULL,
    lic_dip     VARCHAR(25) ,
    cod_cyc     VARCHAR(4)   REFERENCES cycle (cod_cyc) DEFERRABLE INITIALLY DEFERRED,
    cod_nat_dip VARCHAR(4)   REFERENCES nature_diplome (cod_nat_dip) DEFERRABLE INITIALLY DEFERRED,
    cod_tpd_etb VARCHAR(4)   REFERENCES typ_diplome (cod_tpd_etb) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE version_diplome (
    cod_dip        VARCHAR(7)   NOT NULL REFERENCES diplome (cod_dip) DEFERRABLE INITIALLY DEFERRED,
    cod_vrs_vdi    INTEGER      NOT NULL CHECK (cod_vrs_vdi BETWEEN 1 AND 999),
    lib_web_vdi    VARCHAR(120),
    lic_vdi        VARCHAR(25) ,
    cod_cursus_lmd VARCHAR(1)  ,
    nbr_crd_vdi    VARCHAR(12) ,
    cod_cmp        VARCHAR(3)   REFERENCES composante (cod_cmp) DEFERRABLE INITIALLY DEFERRED,
    cod_fin        VARCHAR(10) ,
    lib_fin        VARCHAR(120),
    cod_mention    VARCHAR(10) ,
    lib_mention    VARCHAR(120),
    PRIMARY KEY (cod_dip, cod_vrs_vdi)
);
CREATE INDEX version_diplome_cod_cmp ON version_diplome (cod_cmp);

CREATE TABLE etape (
    cod_etp VARCHAR(6)  NOT NULL PRIMARY KEY,
    lib_etp VARCHAR(60) NOT NULL,
    lic_etp VARCHAR(25),
    cod_cyc VARCHAR(4)  REFERENCES cycle (cod_cyc) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE version_etape (
    cod_etp     VARCHAR(6)   NOT NULL REFERENCES etape (cod_etp) DEFERRABLE INITIALLY DEFERRED,
    cod_vrs_vet INTEGER      NOT NULL CHECK (cod_vrs_vet BETWEEN 1 AND 999),
    lib_web_vet VARCHAR(120),
    cod_cmp     VARCHAR(3)   REFERENCES composante (cod_cmp) DEFERRABLE INITIALLY DEFERRED,
    nbr_crd_vet VARCHAR(12) ,
    lib_dur_vet VARCHAR(60) ,
    PRIMARY KEY (cod_etp, cod_vrs_vet)
);
CREATE INDEX version_etape_cod_cmp ON version_etape (cod_cmp);

CREATE TABLE vdi_fractionner_vet (
    cod_dip         VARCHAR(7) NOT NULL,
    cod_vrs_vdi     INTEGER    NOT NULL,
    cod_etp         VARCHAR(6) NOT NULL,
    cod_vrs_vet     INTEGER    NOT NULL,
    daa_deb_rct_vet VARCHAR(4),
    daa_fin_rct_vet VARCHAR(4),
    tem_ouv_rct     CHAR(1)    NOT NULL DEFAULT 'O' CHECK (tem_ouv_rct IN ('O', 'N')),
    PRIMARY KEY (cod_dip, cod_vrs_vdi, cod_etp, cod_vrs_vet),
    FOREIGN KEY (cod_dip, cod_vrs_vdi) REFERENCES version_diplome (cod_dip, cod_vrs_vdi) DEFERRABLE INITIALLY DEFERRED,
    FOREIGN KEY (cod_etp, cod_vrs_vet) REFERENCES version_etape (cod_etp, cod_vrs_vet) DEFERRABLE INITIALLY DEFERRED
);
-- From a VET up to its diplomas.
CREATE INDEX vdi_fractionner_vet_vet ON vdi_fractionner_vet (cod_etp, cod_vrs_vet);

CREATE TABLE etp_gerer_cge (
    cod_etp          VARCHAR(6) NOT NULL REFERENCES etape (cod_etp) DEFERRABLE INITIALLY DEFERRED,
    cod_cge          VARCHAR(3) NOT NULL REFERENCES centre_gestion (cod_cge) DEFERRABLE INITIALLY DEFERRED,
    cod_cmp          VARCHAR(3) REFERENCES composante (cod_cmp) DEFERRABLE INITIALLY DEFERRED,
    capacite_accueil INTEGER    CHECK (capacite_accueil >= 0),
    PRIMARY KEY (cod_etp, cod_cge)
);
CREATE INDEX etp_gerer_cge_cod_cge ON etp_gerer_cge (cod_cge);

-- Lists and elements: VET → liste (vet_regroupe_lse) → ELP (lse_regroupe_elp),
-- an ELP possibly grouping sub-lists (elp_regroupe_lse).
CREATE TABLE liste_elp (
    cod_lse     VARCHAR(8)  NOT NULL PRIMARY KEY,
    lib_lse     VARCHAR(60),
    lic_lse     VARCHAR(25),
    cod_typ_lse CHAR(1)     CHECK (cod_typ_lse IN ('O', 'X', 'F')),
    eta_lse     VARCHAR(1) 
);

CREATE TABLE element_pedagogi (
    cod_elp     VARCHAR(8)  NOT NULL PRIMARY KEY,
    lib_elp     VARCHAR(60),
    lic_elp     VARCHAR(25),
    cod_nel     VARCHAR(4)  REFERENCES nature_elp (cod_nel) DEFERRABLE INITIALLY DEFERRED,
    cod_pel     VARCHAR(4)  REFERENCES periode_elp (cod_pel) DEFERRABLE INITIALLY DEFERRED,
    nbr_crd_elp VARCHAR(12),
    nbr_vol_elp VARCHAR(12),
    cod_vol_elp VARCHAR(10),
    tem_sus_elp CHAR(1)     NOT NULL DEFAULT 'N' CHECK (tem_sus_elp IN ('O', 'N')),
    cod_cmp     VARCHAR(3)  REFERENCES composante (cod_cmp) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE vet_regroupe_lse (
    cod_etp     VARCHAR(6) NOT NULL,
    cod_vrs_vet INTEGER    NOT NULL,
    cod_lse     VARCHAR(8) NOT NULL REFERENCES liste_elp (cod_lse) DEFERRABLE INITIALLY DEFERRED,
    PRIMARY KEY (cod_etp, cod_vrs_vet, cod_lse),
    FOREIGN KEY (cod_etp, cod_vrs_vet) REFERENCES version_etape (cod_etp, cod_vrs_vet) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX vet_regroupe_lse_cod_lse ON vet_regroupe_lse (cod_lse);

CREATE TABLE lse_regroupe_elp (
    cod_lse VARCHAR(8) NOT NULL REFERENCES liste_elp (cod_lse) DEFERRABLE INITIALLY DEFERRED,
    cod_elp VARCHAR(8) NOT NULL REFERENCES element_pedagogi (cod_elp) DEFERRABLE INITIALLY DEFERRED,
    PRIMARY KEY (cod_lse, cod_elp)
);
CREATE INDEX lse_regroupe_elp_cod_elp ON lse_regroupe_elp (cod_elp);

CREATE TABLE elp_regroupe_lse (
    cod_elp VARCHAR(8) NOT NULL REFERENCES element_pedagogi (cod_elp) DEFERRABLE INITIALLY DEFERRED,
    cod_lse VARCHAR(8) NOT NULL REFERENCES liste_elp (cod_lse) DEFERRABLE INITIALLY DEFERRED,
    PRIMARY KEY (cod_elp, cod_lse)
);
CREATE INDEX elp_regroupe_lse_cod_lse ON elp_regroupe_lse (cod_lse);
