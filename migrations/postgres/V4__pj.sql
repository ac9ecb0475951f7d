-- Supporting documents of an OPI (PjOpiMetier). One row per (individual, type).
-- `pending` names a spooled file (under <pj.dir>/.incoming/) that must still be
-- renamed into place: set in the transaction that records the new metadata,
-- cleared once the file is in place (see docs/PJ.md).
CREATE TABLE opi_pj (
    cod_ind_opi      BIGINT NOT NULL REFERENCES ind_opi (cod_ind_opi) ON DELETE CASCADE,
    cod_tpj          VARCHAR(10) NOT NULL,
    cod_opi_int_epo  VARCHAR(10) NOT NULL,
    nom_fic          VARCHAR(255) NOT NULL,
    taille           BIGINT NOT NULL,
    mime_type        VARCHAR(100) NOT NULL,
    sha256           VARCHAR(64) NOT NULL,
    dat_cre          VARCHAR(40) NOT NULL,
    dat_mod          VARCHAR(40) NOT NULL,
    pending          VARCHAR(255),
    PRIMARY KEY (cod_ind_opi, cod_tpj)
);

-- Bytes of the documents when `pj.store = "database"`.
CREATE TABLE opi_pj_contenu (
    cod_ind_opi  BIGINT NOT NULL,
    cod_tpj      VARCHAR(10) NOT NULL,
    contenu      BYTEA NOT NULL,
    PRIMARY KEY (cod_ind_opi, cod_tpj),
    FOREIGN KEY (cod_ind_opi, cod_tpj) REFERENCES opi_pj (cod_ind_opi, cod_tpj) ON DELETE CASCADE
);
