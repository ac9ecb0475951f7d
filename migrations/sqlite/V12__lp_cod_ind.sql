-- REINS laissez-passer keyed by the individual (issue 6), as Apogée's
-- TELEM_LAISSER_PASSER is (contract §12): (cod_ind, cod_anu, cod_etp,
-- cod_vrs_vet), cod_ind REFERENCES individu; cod_etu_lpa keeps the student
-- number the client sent (what reads answer as codEtu).
-- Rows of the V5 table (keyed by cod_etu) are carried over by joining individu
-- on cod_etu. Rows whose cod_etu matches no individu are not lost: the V5 table
-- itself becomes telem_laisser_passer_sans_ind (same columns, key cod_etu),
-- holding only those rows, for the operator to resolve (docs/LP.md).
ALTER TABLE telem_laisser_passer RENAME TO telem_laisser_passer_sans_ind;

CREATE TABLE telem_laisser_passer (
    cod_ind         INTEGER      NOT NULL REFERENCES individu (cod_ind),
    cod_anu         VARCHAR(4)   NOT NULL CHECK (length(cod_anu) <= 4),
    cod_etp         VARCHAR(6)   NOT NULL CHECK (length(cod_etp) <= 6),
    cod_vrs_vet     INTEGER      NOT NULL CHECK (cod_vrs_vet BETWEEN 1 AND 999),
    cod_etu_lpa     VARCHAR(8)   NOT NULL CHECK (length(cod_etu_lpa) <= 8),
    cod_dip         VARCHAR(7)   CHECK (length(cod_dip) <= 7),
    cod_vrs_vdi     INTEGER      CHECK (cod_vrs_vdi BETWEEN 1 AND 999),
    cod_rgi         VARCHAR(1)   CHECK (length(cod_rgi) <= 1),
    cod_stu         VARCHAR(2)   CHECK (length(cod_stu) <= 2),
    lib_cmt_lpa     VARCHAR(200) CHECK (length(lib_cmt_lpa) <= 200),
    cod_cat_oui_si  VARCHAR(10)  CHECK (length(cod_cat_oui_si) <= 10),
    mtf_cat         VARCHAR(200) CHECK (length(mtf_cat) <= 200),
    cod_cat_exo_ext VARCHAR(10)  CHECK (length(cod_cat_exo_ext) <= 10),
    cod_uti_cre_lpa VARCHAR(30)  NOT NULL CHECK (length(cod_uti_cre_lpa) <= 30),
    dat_cre_lpa     TEXT         NOT NULL,
    cod_uti_mod_lpa VARCHAR(30)  CHECK (length(cod_uti_mod_lpa) <= 30),
    dat_mod_lpa     TEXT,
    PRIMARY KEY (cod_ind, cod_anu, cod_etp, cod_vrs_vet)
);

-- cod_etu was checked to be 1 to 8 digits when it was written; the GLOB keeps
-- any other value out of the join (it stays in the side table).
INSERT INTO telem_laisser_passer (cod_ind, cod_anu, cod_etp, cod_vrs_vet, cod_etu_lpa,
    cod_dip, cod_vrs_vdi, cod_rgi, cod_stu, lib_cmt_lpa, cod_cat_oui_si, mtf_cat,
    cod_cat_exo_ext, cod_uti_cre_lpa, dat_cre_lpa, cod_uti_mod_lpa, dat_mod_lpa)
SELECT i.cod_ind, t.cod_anu, t.cod_etp, t.cod_vrs_vet, t.cod_etu,
    t.cod_dip, t.cod_vrs_vdi, t.cod_rgi, t.cod_stu, t.lib_cmt_lpa, t.cod_cat_oui_si, t.mtf_cat,
    t.cod_cat_exo_ext, t.cod_uti_cre_lpa, t.dat_cre_lpa, t.cod_uti_mod_lpa, t.dat_mod_lpa
FROM telem_laisser_passer_sans_ind t
JOIN individu i ON i.cod_etu = CAST(t.cod_etu AS INTEGER)
WHERE t.cod_etu <> '' AND t.cod_etu NOT GLOB '*[^0-9]*';

DELETE FROM telem_laisser_passer_sans_ind
WHERE cod_etu <> '' AND cod_etu NOT GLOB '*[^0-9]*'
  AND EXISTS (SELECT 1 FROM individu i
              WHERE i.cod_etu = CAST(telem_laisser_passer_sans_ind.cod_etu AS INTEGER));
