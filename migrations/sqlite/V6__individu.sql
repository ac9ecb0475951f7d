-- Students (issue 7): Apogée's INDIVIDU, the person behind a student number.
-- cod_ind is the internal id, cod_etu the student number clients send;
-- cod_ind_opi links to the ind_opi row the person came from, when there is one.
-- The INE is held as Apogée holds it: cod_nne_ind (10) + its key cod_cle_nne_ind (1).
-- lib_login_annuaire / adr_mail_annuaire stand for the directory (LDAP) data that
-- recupererIdentifiantsEtudiant returns when _temoinRecupAnnu = 'O'.
-- SQLite does not enforce VARCHAR lengths: CHECK constraints do; dates are text 'YYYY-MM-DD'.
CREATE TABLE individu (
    cod_ind             INTEGER PRIMARY KEY,
    cod_etu             INTEGER UNIQUE,
    cod_ind_opi         INTEGER,
    cod_nne_ind         VARCHAR(10) CHECK (length(cod_nne_ind) <= 10),
    cod_cle_nne_ind     VARCHAR(1) CHECK (length(cod_cle_nne_ind) <= 1),
    lib_nom_pat_ind     VARCHAR(30) NOT NULL CHECK (length(lib_nom_pat_ind) <= 30),
    lib_nom_usu_ind     VARCHAR(30) CHECK (length(lib_nom_usu_ind) <= 30),
    lib_pr1_ind         VARCHAR(20) NOT NULL CHECK (length(lib_pr1_ind) <= 20),
    lib_pr2_ind         VARCHAR(20) CHECK (length(lib_pr2_ind) <= 20),
    lib_pr3_ind         VARCHAR(20) CHECK (length(lib_pr3_ind) <= 20),
    date_nai_ind        DATE NOT NULL CHECK (date_nai_ind IS date(date_nai_ind)),
    tem_date_nai_rel    VARCHAR(1) NOT NULL DEFAULT 'N' CHECK (length(tem_date_nai_rel) <= 1),
    cod_sex_etu         VARCHAR(1) CHECK (length(cod_sex_etu) <= 1),
    cod_pay_nat         VARCHAR(3) CHECK (length(cod_pay_nat) <= 3),
    cod_typ_dep_pay_nai VARCHAR(1) CHECK (length(cod_typ_dep_pay_nai) <= 1),
    cod_dep_pay_nai     VARCHAR(3) CHECK (length(cod_dep_pay_nai) <= 3),
    lib_vil_nai_etu     VARCHAR(30) CHECK (length(lib_vil_nai_etu) <= 30),
    num_brs_etu         VARCHAR(20) CHECK (length(num_brs_etu) <= 20),
    daa_ens_sup         VARCHAR(4) CHECK (length(daa_ens_sup) <= 4),
    daa_etb             VARCHAR(4) CHECK (length(daa_etb) <= 4),
    daa_etr_sup         VARCHAR(4) CHECK (length(daa_etr_sup) <= 4),
    daa_ent_etb         VARCHAR(4) CHECK (length(daa_ent_etb) <= 4),
    cod_etb             VARCHAR(8) CHECK (length(cod_etb) <= 8),
    cod_fam             VARCHAR(1) CHECK (length(cod_fam) <= 1),
    cod_sim             VARCHAR(1) CHECK (length(cod_sim) <= 1),
    cod_thp             VARCHAR(2) CHECK (length(cod_thp) <= 2),
    lib_login_annuaire  VARCHAR(30) CHECK (length(lib_login_annuaire) <= 30),
    adr_mail_annuaire   VARCHAR(200) CHECK (length(adr_mail_annuaire) <= 200)
);

CREATE INDEX individu_cod_ind_opi ON individu (cod_ind_opi);
CREATE INDEX individu_cod_nne_ind ON individu (cod_nne_ind);
CREATE INDEX individu_num_brs_etu ON individu (num_brs_etu);
CREATE INDEX individu_date_nai_ind ON individu (date_nai_ind);
