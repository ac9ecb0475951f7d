-- Laissez-passer (LaissezPasserMetier), Apogée's TELEM_LAISSER_PASSER[_OPI].
-- IAPRIMO (first enrolment): telem_laisser_passer_opi, keyed by the OPI individual.
-- REINS (re-enrolment): telem_laisser_passer. Apogée keys it by COD_IND
-- (individu); Passerelle has no `individu` table yet (student-records issue), so
-- it is keyed by cod_etu (the student number sent by the client) instead.
-- cod_uti_* is the creating/modifying user: "passerelle" until authentication
-- exists (issue 8). Timestamps are TIMESTAMPTZ.
CREATE TABLE telem_laisser_passer_opi (
    cod_ind_opi     BIGINT       NOT NULL REFERENCES ind_opi (cod_ind_opi) ON DELETE CASCADE,
    cod_anu         VARCHAR(4)   NOT NULL,
    cod_etp         VARCHAR(6)   NOT NULL,
    cod_vrs_vet     INTEGER      NOT NULL CHECK (cod_vrs_vet BETWEEN 1 AND 999),
    cod_dip         VARCHAR(7)  ,
    cod_vrs_vdi     INTEGER      CHECK (cod_vrs_vdi BETWEEN 1 AND 999),
    cod_opi_int_epo VARCHAR(10)  NOT NULL,
    cod_rgi         VARCHAR(1)  ,
    cod_stu         VARCHAR(2)  ,
    lib_cmt_lpa     VARCHAR(200),
    cod_cat_oui_si  VARCHAR(10) ,
    mtf_cat         VARCHAR(200),
    cod_cat_exo_ext VARCHAR(10) ,
    cod_uti_cre_lpa VARCHAR(30)  NOT NULL,
    dat_cre_lpa     TIMESTAMPTZ  NOT NULL,
    cod_uti_mod_lpa VARCHAR(30) ,
    dat_mod_lpa     TIMESTAMPTZ,
    PRIMARY KEY (cod_ind_opi, cod_anu, cod_etp, cod_vrs_vet)
);

CREATE TABLE telem_laisser_passer (
    cod_etu         VARCHAR(8)   NOT NULL,
    cod_anu         VARCHAR(4)   NOT NULL,
    cod_etp         VARCHAR(6)   NOT NULL,
    cod_vrs_vet     INTEGER      NOT NULL CHECK (cod_vrs_vet BETWEEN 1 AND 999),
    cod_dip         VARCHAR(7)  ,
    cod_vrs_vdi     INTEGER      CHECK (cod_vrs_vdi BETWEEN 1 AND 999),
    cod_rgi         VARCHAR(1)  ,
    cod_stu         VARCHAR(2)  ,
    lib_cmt_lpa     VARCHAR(200),
    cod_cat_oui_si  VARCHAR(10) ,
    mtf_cat         VARCHAR(200),
    cod_cat_exo_ext VARCHAR(10) ,
    cod_uti_cre_lpa VARCHAR(30)  NOT NULL,
    dat_cre_lpa     TIMESTAMPTZ  NOT NULL,
    cod_uti_mod_lpa VARCHAR(30) ,
    dat_mod_lpa     TIMESTAMPTZ,
    PRIMARY KEY (cod_etu, cod_anu, cod_etp, cod_vrs_vet)
);
