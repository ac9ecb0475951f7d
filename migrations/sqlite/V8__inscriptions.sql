-- SQLite dialect: VARCHAR lengths are not enforced; dates are text 'YYYY-MM-DD'.
-- Registrations and results (issue 7: AdministratifMetier, PedagogiqueMetier),
-- with Apogée's table and column names.
--
-- annee_uni      ANNEE_UNI: the academic years (eta_anu_iae 'O' open, 'I' closed).
-- ins_adm_anu    INS_ADM_ANU: one annual administrative registration (IAA) per
--                student and year; eta_iaa 'E' en cours, 'A' annulée.
-- ins_adm_etp    INS_ADM_ETP: the registrations to étapes (IAE) of that year;
--                eta_iae 'E'/'A', eta_pmt_iae 'P' when paid; cod_typ_ipe is the
--                kind of pedagogical registration of the étape (typ_ipe).
-- ind_contrat_elp IND_CONTRAT_ELP: the pedagogical contract, the ELPs chosen
--                under an étape, cod_elp_sup the ELP above in the tree.
-- resultat_vdi / resultat_vet / resultat_elp: results per session (cod_ses) and
--                nature (cod_adm: 1 admission, 0 admissibilité). A mark is
--                not_* (a number) or not_sub_* (a substitute such as ABI, ABJ);
--                eta_avc_* is the state of the deliberation (A, E, T).
--
-- No foreign key to individu nor to the course structure: students and
-- catalogue may be loaded in any order, labels are joined when present.
-- Reference tables are filled with Apogée's usual codes; an import may add or
-- relabel rows.

CREATE TABLE regime_ins (
    cod_rgi        VARCHAR(1)  NOT NULL PRIMARY KEY,
    lib_rgi        VARCHAR(40),
    tem_en_sve_rgi VARCHAR(1)  NOT NULL DEFAULT 'O'
);
INSERT INTO regime_ins (cod_rgi, lib_rgi) VALUES
    ('1', 'Formation initiale'), ('2', 'Formation continue'),
    ('3', 'Reprise d''études non financée'), ('4', 'Formation en apprentissage'),
    ('5', 'Contrat de professionnalisation');

CREATE TABLE statut_etu (
    cod_stu     VARCHAR(2)  NOT NULL PRIMARY KEY,
    lib_stu     VARCHAR(40),
    lib_web_stu VARCHAR(120)
);
INSERT INTO statut_etu (cod_stu, lib_stu, lib_web_stu) VALUES
    ('01', 'Etudiant', 'Étudiant'), ('02', 'Auditeur libre', 'Auditeur libre'),
    ('03', 'Etudiant en échange', 'Étudiant en programme d''échange');

CREATE TABLE profil_etu (
    cod_pru     VARCHAR(2)  NOT NULL PRIMARY KEY,
    lib_pru     VARCHAR(40),
    lib_web_pru VARCHAR(120)
);
INSERT INTO profil_etu (cod_pru, lib_pru, lib_web_pru) VALUES
    ('NO', 'Normal', 'Normal'), ('SH', 'Sportif de haut niveau', 'Sportif de haut niveau'),
    ('HA', 'Handicap', 'Étudiant en situation de handicap'), ('SA', 'Salarié', 'Étudiant salarié');

CREATE TABLE etat_iaa (
    eta_iaa     VARCHAR(1)  NOT NULL PRIMARY KEY,
    lib_eta_iaa VARCHAR(40)
);
INSERT INTO etat_iaa (eta_iaa, lib_eta_iaa) VALUES ('E', 'En cours'), ('A', 'Annulée');

CREATE TABLE etat_iae (
    eta_iae     VARCHAR(1)  NOT NULL PRIMARY KEY,
    lib_eta_iae VARCHAR(40)
);
INSERT INTO etat_iae (eta_iae, lib_eta_iae) VALUES ('E', 'En cours'), ('A', 'Annulée');

CREATE TABLE etat_avc (
    eta_avc     VARCHAR(1)  NOT NULL PRIMARY KEY,
    lib_eta_avc VARCHAR(40)
);
INSERT INTO etat_avc (eta_avc, lib_eta_avc) VALUES
    ('A', 'Non commencée'), ('E', 'En cours'), ('T', 'Terminée');

CREATE TABLE typ_ipe (
    cod_typ_ipe VARCHAR(2)  NOT NULL PRIMARY KEY,
    lib_typ_ipe VARCHAR(40)
);
INSERT INTO typ_ipe (cod_typ_ipe, lib_typ_ipe) VALUES
    ('G', 'Gestionnaire'), ('W', 'Web'), ('A', 'Automatique');

CREATE TABLE mention (
    cod_men VARCHAR(2)  NOT NULL PRIMARY KEY,
    lib_men VARCHAR(40),
    lic_men VARCHAR(10)
);
INSERT INTO mention (cod_men, lib_men, lic_men) VALUES
    ('P', 'Passable', 'P'), ('AB', 'Assez bien', 'AB'), ('B', 'Bien', 'B'),
    ('TB', 'Très bien', 'TB');

CREATE TABLE typ_resultat (
    cod_tre     VARCHAR(4)  NOT NULL PRIMARY KEY,
    lib_tre     VARCHAR(40),
    lic_tre     VARCHAR(10),
    cod_neg_tre VARCHAR(4)
);
INSERT INTO typ_resultat (cod_tre, lib_tre, lic_tre, cod_neg_tre) VALUES
    ('ADM', 'Admis', 'Admis', 'AJ'), ('AJ', 'Ajourné', 'Ajourné', NULL),
    ('ADJ', 'Admis par compensation', 'Adm. comp.', 'AJ'),
    ('ADAC', 'Admis sous réserve', 'Adm. rés.', 'AJ'),
    ('DEF', 'Défaillant', 'Défaillant', NULL), ('VAL', 'Validé', 'Validé', 'NVAL'),
    ('NVAL', 'Non validé', 'Non validé', NULL), ('ABI', 'Absence injustifiée', 'Abs. inj.', NULL);

CREATE TABLE session (
    cod_ses VARCHAR(1)  NOT NULL PRIMARY KEY,
    lib_ses VARCHAR(40)
);
INSERT INTO session (cod_ses, lib_ses) VALUES
    ('0', 'Session unique'), ('1', 'Session 1'), ('2', 'Session 2');

CREATE TABLE nature_resultat (
    cod_adm VARCHAR(1)  NOT NULL PRIMARY KEY,
    lib_adm VARCHAR(40)
);
INSERT INTO nature_resultat (cod_adm, lib_adm) VALUES ('1', 'Admission'), ('0', 'Admissibilité');

CREATE TABLE annee_uni (
    cod_anu     VARCHAR(4)  NOT NULL PRIMARY KEY,
    eta_anu_iae VARCHAR(1)  NOT NULL DEFAULT 'I' CHECK (eta_anu_iae IN ('O', 'I')),
    lib_anu     VARCHAR(40),
    lic_anu     VARCHAR(10)
);

CREATE TABLE ins_adm_anu (
    cod_ind     INTEGER     NOT NULL,
    cod_anu     VARCHAR(4)  NOT NULL,
    eta_iaa     VARCHAR(1)  NOT NULL DEFAULT 'E' CHECK (eta_iaa IN ('E', 'A')),
    dat_cre_iaa DATE CHECK (dat_cre_iaa IS date(dat_cre_iaa)),
    tem_dos_iaa VARCHAR(1)  CHECK (tem_dos_iaa IN ('O', 'N')),
    cod_rgi     VARCHAR(1),
    cod_stu     VARCHAR(2),
    cod_pru     VARCHAR(2),
    PRIMARY KEY (cod_ind, cod_anu)
);
CREATE INDEX ins_adm_anu_cod_anu ON ins_adm_anu (cod_anu);

CREATE TABLE ins_adm_etp (
    cod_ind     INTEGER     NOT NULL,
    cod_anu     VARCHAR(4)  NOT NULL,
    cod_etp     VARCHAR(6)  NOT NULL,
    cod_vrs_vet INTEGER     NOT NULL,
    cod_dip     VARCHAR(7)  NOT NULL,
    cod_vrs_vdi INTEGER     NOT NULL,
    cod_cge     VARCHAR(3),
    cod_cmp     VARCHAR(3),
    eta_iae     VARCHAR(1)  NOT NULL DEFAULT 'E' CHECK (eta_iae IN ('E', 'A')),
    eta_pmt_iae VARCHAR(1),
    dat_cre_iae DATE CHECK (dat_cre_iae IS date(dat_cre_iae)),
    tem_iae_prm VARCHAR(1)  CHECK (tem_iae_prm IN ('O', 'N')),
    tem_iae_ttd VARCHAR(1)  CHECK (tem_iae_ttd IN ('O', 'N')),
    nbr_ins_cyc INTEGER,
    nbr_ins_dip INTEGER,
    nbr_ins_etp INTEGER,
    cod_typ_ipe VARCHAR(2),
    PRIMARY KEY (cod_ind, cod_anu, cod_etp, cod_vrs_vet),
    FOREIGN KEY (cod_ind, cod_anu) REFERENCES ins_adm_anu (cod_ind, cod_anu)
);
CREATE INDEX ins_adm_etp_vet ON ins_adm_etp (cod_etp, cod_vrs_vet);

CREATE TABLE ind_contrat_elp (
    cod_ind     INTEGER     NOT NULL,
    cod_anu     VARCHAR(4)  NOT NULL,
    cod_etp     VARCHAR(6)  NOT NULL,
    cod_vrs_vet INTEGER     NOT NULL,
    cod_elp     VARCHAR(8)  NOT NULL,
    cod_elp_sup VARCHAR(8),
    tem_prc_ice VARCHAR(1)  NOT NULL DEFAULT 'N' CHECK (tem_prc_ice IN ('O', 'N')),
    PRIMARY KEY (cod_ind, cod_anu, cod_etp, cod_vrs_vet, cod_elp),
    FOREIGN KEY (cod_ind, cod_anu, cod_etp, cod_vrs_vet)
        REFERENCES ins_adm_etp (cod_ind, cod_anu, cod_etp, cod_vrs_vet)
);

CREATE TABLE resultat_vdi (
    cod_ind             INTEGER     NOT NULL,
    cod_anu             VARCHAR(4)  NOT NULL,
    cod_dip             VARCHAR(7)  NOT NULL,
    cod_vrs_vdi         INTEGER     NOT NULL,
    cod_ses             VARCHAR(1)  NOT NULL,
    cod_adm             VARCHAR(1)  NOT NULL DEFAULT '1',
    not_vdi             NUMERIC(6, 3),
    not_sub_vdi         VARCHAR(4),
    bar_not_vdi         INTEGER,
    not_pnt_jur_vdi     NUMERIC(6, 3),
    cod_tre             VARCHAR(4),
    cod_men             VARCHAR(2),
    eta_avc_vdi         VARCHAR(1),
    nbr_crd_vdi         NUMERIC(6, 2),
    nbr_rng_etu_vdi     INTEGER,
    nbr_rng_etu_vdi_tot INTEGER,
    dat_obt_vdi         DATE CHECK (dat_obt_vdi IS date(dat_obt_vdi)),
    PRIMARY KEY (cod_ind, cod_anu, cod_dip, cod_vrs_vdi, cod_ses, cod_adm)
);

CREATE TABLE resultat_vet (
    cod_ind             INTEGER     NOT NULL,
    cod_anu             VARCHAR(4)  NOT NULL,
    cod_etp             VARCHAR(6)  NOT NULL,
    cod_vrs_vet         INTEGER     NOT NULL,
    cod_ses             VARCHAR(1)  NOT NULL,
    cod_adm             VARCHAR(1)  NOT NULL DEFAULT '1',
    not_vet             NUMERIC(6, 3),
    not_sub_vet         VARCHAR(4),
    bar_not_vet         INTEGER,
    not_pnt_jur_vet     NUMERIC(6, 3),
    cod_tre             VARCHAR(4),
    cod_men             VARCHAR(2),
    eta_avc_vet         VARCHAR(1),
    nbr_crd_vet         NUMERIC(6, 2),
    nbr_rng_etu_vet     INTEGER,
    nbr_rng_etu_vet_tot INTEGER,
    PRIMARY KEY (cod_ind, cod_anu, cod_etp, cod_vrs_vet, cod_ses, cod_adm)
);

CREATE TABLE resultat_elp (
    cod_ind             INTEGER     NOT NULL,
    cod_anu             VARCHAR(4)  NOT NULL,
    cod_elp             VARCHAR(8)  NOT NULL,
    cod_ses             VARCHAR(1)  NOT NULL,
    cod_adm             VARCHAR(1)  NOT NULL DEFAULT '1',
    not_elp             NUMERIC(6, 3),
    not_sub_elp         VARCHAR(4),
    bar_not_elp         INTEGER,
    not_pnt_jur_elp     NUMERIC(6, 3),
    cod_tre             VARCHAR(4),
    cod_men             VARCHAR(2),
    eta_avc_elp         VARCHAR(1),
    nbr_crd_elp         NUMERIC(6, 2),
    nbr_rng_etu_elp     INTEGER,
    nbr_rng_etu_elp_tot INTEGER,
    PRIMARY KEY (cod_ind, cod_anu, cod_elp, cod_ses, cod_adm)
);
