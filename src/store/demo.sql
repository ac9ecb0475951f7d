-- Demo data: a small, honest sample of Apogée's reference geography.
-- Plain INSERT … ON CONFLICT DO NOTHING: the same text runs on SQLite and PostgreSQL,
-- and running it twice changes nothing.
INSERT INTO pays (cod_pay, lib_pay, lib_nat, tem_en_sve_pay) VALUES
 ('100', 'FRANCE', 'FRANÇAIS(E)', 'O'),
 ('109', 'ALLEMAGNE', 'ALLEMAND(E)', 'O'),
 ('127', 'ITALIE', 'ITALIEN(NE)', 'O'),
 ('131', 'BELGIQUE', 'BELGE', 'O'),
 ('132', 'ROYAUME-UNI', 'BRITANNIQUE', 'O'),
 ('134', 'ESPAGNE', 'ESPAGNOL(E)', 'O'),
 ('140', 'SUISSE', 'SUISSE', 'O'),
 ('216', 'CHINE', 'CHINOIS(E)', 'O'),
 ('326', 'CÔTE D''IVOIRE', 'IVOIRIEN(NE)', 'O'),
 ('341', 'SÉNÉGAL', 'SÉNÉGALAIS(E)', 'O'),
 ('350', 'MAROC', 'MAROCAIN(E)', 'O'),
 ('351', 'TUNISIE', 'TUNISIEN(NE)', 'O'),
 ('352', 'ALGÉRIE', 'ALGÉRIEN(NE)', 'O'),
 ('401', 'CANADA', 'CANADIEN(NE)', 'O'),
 ('404', 'ÉTATS-UNIS', 'AMÉRICAIN(E)', 'O'),
 ('125', 'YOUGOSLAVIE', 'YOUGOSLAVE', 'N')
ON CONFLICT (cod_pay) DO NOTHING;

INSERT INTO academie (cod_aca, lib_aca) VALUES
 ('01', 'Paris'),
 ('02', 'Aix-Marseille'),
 ('03', 'Besançon'),
 ('10', 'Lyon'),
 ('12', 'Nancy-Metz'),
 ('14', 'Rennes'),
 ('24', 'Créteil'),
 ('25', 'Versailles')
ON CONFLICT (cod_aca) DO NOTHING;

INSERT INTO departement (cod_dep, lib_dep, cod_aca, tem_en_sve_dep) VALUES
 ('013', 'Bouches-du-Rhône', '02', 'O'),
 ('025', 'Doubs', '03', 'O'),
 ('035', 'Ille-et-Vilaine', '14', 'O'),
 ('057', 'Moselle', '12', 'O'),
 ('069', 'Rhône', '10', 'O'),
 ('075', 'Paris', '01', 'O'),
 ('091', 'Essonne', '25', 'O'),
 ('094', 'Val-de-Marne', '24', 'O'),
 ('020', 'Corse (avant 1976)', NULL, 'N')
ON CONFLICT (cod_dep) DO NOTHING;

INSERT INTO commune (cod_com, lib_com, cod_dep, tem_en_sve_com) VALUES
 ('75105', 'PARIS 5E ARRONDISSEMENT', '075', 'O'),
 ('75106', 'PARIS 6E ARRONDISSEMENT', '075', 'O'),
 ('13001', 'AIX-EN-PROVENCE', '013', 'O'),
 ('13201', 'MARSEILLE 1ER ARRONDISSEMENT', '013', 'O'),
 ('25056', 'BESANÇON', '025', 'O'),
 ('35238', 'RENNES', '035', 'O'),
 ('57521', 'ŒTING', '057', 'O'),
 ('69381', 'LYON 1ER ARRONDISSEMENT', '069', 'O'),
 ('91228', 'ÉVRY-COURCOURONNES', '091', 'O'),
 ('91182', 'COURCOURONNES', '091', 'N'),
 ('94038', 'L''HAŸ-LES-ROSES', '094', 'O')
ON CONFLICT (cod_com) DO NOTHING;

INSERT INTO bureau_distributeur (cod_bdi, lib_ach_bdi, tem_en_sve_bdi) VALUES
 ('75005', 'PARIS', 'O'),
 ('75006', 'PARIS', 'O'),
 ('13090', 'AIX EN PROVENCE', 'O'),
 ('13100', 'AIX EN PROVENCE', 'O'),
 ('13001', 'MARSEILLE', 'O'),
 ('25000', 'BESANCON', 'O'),
 ('35000', 'RENNES', 'O'),
 ('57600', 'OETING', 'O'),
 ('69001', 'LYON', 'O'),
 ('91000', 'EVRY COURCOURONNES', 'O'),
 ('91080', 'COURCOURONNES', 'N'),
 ('94240', 'L HAY LES ROSES', 'O')
ON CONFLICT (cod_bdi) DO NOTHING;

INSERT INTO com_bdi (cod_com, cod_bdi, tem_en_sve_cbd) VALUES
 ('75105', '75005', 'O'),
 ('75106', '75006', 'O'),
 ('13001', '13090', 'O'),
 ('13001', '13100', 'O'),
 ('13201', '13001', 'O'),
 ('25056', '25000', 'O'),
 ('35238', '35000', 'O'),
 ('57521', '57600', 'O'),
 ('69381', '69001', 'O'),
 ('91228', '91000', 'O'),
 ('91182', '91080', 'N'),
 ('91228', '91080', 'O'),
 ('94038', '94240', 'O')
ON CONFLICT (cod_com, cod_bdi) DO NOTHING;
