package fr.passerelle.examples;

import etudiantmetier_impl.servicesmetiers.commun.apogee.education.gouv.EtudiantMetierServiceInterface;
import etudiantmetier_impl.servicesmetiers.commun.apogee.education.gouv.EtudiantMetierServiceInterfaceService;
import gouv.education.apogee.commun.transverse.dto.offreformation.recupererse.secriteredto2.SECritereDTO2;
import java.util.Map;
import javax.xml.ws.BindingProvider;
import offreformationmetier_impl.servicesmetiers.commun.apogee.education.gouv.OffreFormationMetierServiceInterface;
import offreformationmetier_impl.servicesmetiers.commun.apogee.education.gouv.OffreFormationMetierServiceInterfaceService;

/**
 * What an ENT (esup-mondossierweb, a student portal) does with Apogée's web services, through
 * JAX-WS classes that wsimport generated from the WSDL at build time: a student's identifiers
 * and administrative data (EtudiantMetier), then the structure of one diploma
 * (OffreFormationMetier).
 *
 * <pre>
 *   EntClient [BASE_URL] [COD_ETU] [COD_DIP]
 *   BASE_URL  default $PASSERELLE_URL, else http://127.0.0.1:8080/services
 *   COD_ETU   default 21000001 (a demo student)     COD_DIP  default LINF (a demo diploma)
 * </pre>
 *
 * <p>Against Apogée or Passerelle only the endpoint address changes: the service objects are
 * built from the WSDL the classes were generated from, then each port is pointed at
 * {@code BASE_URL/<service>}. With an {@code [auth]} section on the server (and always
 * from another machine than loopback, see docs/SECURITY.md), set PASSERELLE_USER and
 * PASSERELLE_PASSWORD: they go as HTTP Basic credentials through the BindingProvider.
 *
 * <p>Exit status: 0 when every answer is as expected, 1 otherwise.
 */
public final class EntClient {

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : env("PASSERELLE_URL", "http://127.0.0.1:8080/services");
        String codEtu = args.length > 1 ? args[1] : "21000001";
        String codDip = args.length > 2 ? args[2] : "LINF";
        base = base.replaceAll("/+$", "");
        // Names SAAJ's implementation the current way (else JAX-WS RI 2.3 logs a warning each call).
        System.setProperty("javax.xml.soap.SAAJMetaFactory",
                "com.sun.xml.messaging.saaj.soap.SAAJMetaFactoryImpl");

        // --- EtudiantMetier: the student's dashboard -------------------------------------
        EtudiantMetierServiceInterface etudiant =
                new EtudiantMetierServiceInterfaceService().getEtudiantMetier();
        configure(etudiant, base + "/EtudiantMetier");

        // The parameters are those of the WSDL, in its order; null = not given.
        var ids = etudiant.recupererIdentifiantsEtudiantV2(
                codEtu, null, null, null, null, null, null, null, "O");
        System.out.printf("student %s (cod_ind %s), INE %s, login %s%n",
                ids.getCodEtu(), ids.getCodInd(), ids.getNumeroINE(), ids.getLoginAnnuaire());

        var adm = etudiant.recupererInfosAdmEtuV4(codEtu);
        var born = adm.getDateNaissance();
        System.out.printf("%s %s, born %02d/%02d/%d in %s%n",
                adm.getPrenom1(), adm.getNomPatronymique(),
                born.getDay(), born.getMonth(), born.getYear(), adm.getLibVilleNaissance());
        if (adm.getListeBacs() != null) {
            for (var bac : adm.getListeBacs().getItem()) {
                System.out.printf("  bac %s %s: %s%n",
                        bac.getCodBac(), bac.getAnneeObtentionBac(), bac.getLibelleBac());
            }
        }

        // A fault is a generated exception whose message is Apogée's error code.
        try {
            etudiant.recupererInfosAdmEtuV4("99999999");
            System.out.println("unknown student: no fault?");
            System.exit(1);
        } catch (etudiantmetier_impl.servicesmetiers.commun.apogee.education.gouv.WebBaseException e) {
            System.out.println("unknown student -> " + e.getMessage());
        }

        // --- OffreFormationMetier: one diploma down to its versions d'étape ---------------
        OffreFormationMetierServiceInterface offre =
                new OffreFormationMetierServiceInterfaceService().getOffreFormationMetier();
        configure(offre, base + "/OffreFormationMetier");

        SECritereDTO2 critere = new SECritereDTO2();
        critere.setCodDip(codDip);
        critere.setCodVrsVdi("tous");
        critere.setCodEtp("tous");
        critere.setCodVrsVet("tous");
        critere.setCodElp("aucun");
        var diplomes = offre.recupererSEV4(critere);
        for (var dip : diplomes) {
            System.out.printf("diploma %s %s%n", dip.getCodDip(), dip.getLibDip());
            for (var vdi : dip.getListVersionDiplome().getItem()) {
                System.out.printf("  version %s %s%n", vdi.getCodVrsVdi(), vdi.getLibWebVdi());
                for (var etp : vdi.getOffreFormation().getListEtape().getItem()) {
                    for (var vet : etp.getListVersionEtape().getItem()) {
                        System.out.printf("    %s/%s %s%n",
                                etp.getCodEtp(), vet.getCodVrsVet(), vet.getLibWebVet());
                    }
                }
            }
        }
        if (diplomes.isEmpty()) {
            System.out.println("no diploma " + codDip);
            System.exit(1);
        }
    }

    /** Points a port at the endpoint; adds HTTP Basic credentials when they are given. */
    private static void configure(Object port, String endpoint) {
        Map<String, Object> ctx = ((BindingProvider) port).getRequestContext();
        ctx.put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, endpoint);
        String user = System.getenv("PASSERELLE_USER");
        if (user != null && !user.isEmpty()) {
            ctx.put(BindingProvider.USERNAME_PROPERTY, user);
            ctx.put(BindingProvider.PASSWORD_PROPERTY, env("PASSERELLE_PASSWORD", ""));
        }
        // Timeouts of the JAX-WS RI (milliseconds), as an ENT would set them.
        ctx.put("com.sun.xml.ws.connect.timeout", 10_000);
        ctx.put("com.sun.xml.ws.request.timeout", 30_000);
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? fallback : v;
    }
}
