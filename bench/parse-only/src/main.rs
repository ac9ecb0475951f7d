//! Parse-only comparator for the SOAP benchmark (`scripts/bench-soap.sh`, issue 9).
//!
//! hyper 1 HTTP/1.1 server: for each request it reads the whole body, checks that it is
//! UTF-8, parses the OPI v10 request (`mettreajourDonneesOpi_v10`) with quick-xml's
//! `NsReader` into plain structs of owned Strings and answers the fixed success response
//! Passerelle gives. Only well-formedness is checked: no validation, no database. A parse
//! error is answered 500 with a SOAP fault. Listens on 127.0.0.1:${PORT:-8085}.
use std::convert::Infallible;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{header, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use quick_xml::escape::{escape, resolve_predefined_entity};
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;
use tokio::net::TcpListener;

const SOAP_NS: &str = "http://schemas.xmlsoap.org/soap/envelope/";
const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";
const OPI_NS: &str = "gouv.education.apogee.commun.servicesmetiers.OpiMetier";

/// The answer Passerelle gives to a successful `mettreajourDonneesOpi_v10`.
const RESPONSE: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8"?>"#,
    r#"<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
    r#"<soapenv:Body><ns1:mettreajourDonneesOpi_v10Response xmlns:ns1="gouv.education.apogee.commun.servicesmetiers.OpiMetier"/>"#,
    r#"</soapenv:Body></soapenv:Envelope>"#
);

type Text = Option<String>;

/// A struct whose children are all text leaves: `slot` gives the field of a child element.
trait Leaves: Default {
    fn slot(&mut self, name: &str) -> Option<&mut Text>;
}

/// Declares a struct of optional text fields, each named after its element.
macro_rules! leaves {
    ($name:ident { $($field:ident = $tag:literal),* $(,)? }) => {
        #[derive(Debug, Default)]
        #[allow(dead_code)] // read only through Debug and black_box
        struct $name { $($field: Text),* }
        impl Leaves for $name {
            fn slot(&mut self, name: &str) -> Option<&mut Text> {
                match name { $($tag => Some(&mut self.$field),)* _ => None }
            }
        }
    };
}

leaves!(Adresse { cod_bdi = "codBdi", cod_com = "codCom", cod_pay = "codPay", lib1 = "lib1",
    lib2 = "lib2", lib3 = "lib3", lib_ade = "libAde", num_tel = "numTel" });
leaves!(Bac { cod_bac = "codBac", cod_dep = "codDep", cod_etb = "codEtb",
    cod_mention = "codMention", cod_tpe = "codTpe", daa_obt_bac_oba = "daaObtBacOba",
    cod_spe1_bac_ter = "codSpe1BacTer", cod_spe2_bac_ter = "codSpe2BacTer",
    cod_spe_bac_pre = "codSpeBacPre", cod_opt1_bac = "codOpt1Bac", cod_opt2_bac = "codOpt2Bac",
    cod_opt3_bac = "codOpt3Bac", cod_opt4_bac = "codOpt4Bac" });
leaves!(DonneesNaissance { cod_dep_pay_nai = "codDepPayNai", cod_pay_nat = "codPayNat",
    cod_typ_dep_pay_nai = "codTypDepPayNai", date_nai_ind_opi = "dateNaiIndOpi",
    cod_com_nai_etu_opi = "codComNaiEtuOpi", lib_vil_nai_etu_opi = "libVilNaiEtuOpi",
    tem_date_nai_rel_opi = "temDateNaiRelOpi" });
leaves!(DonneesPersonnelles { adr_mail_opi = "adrMailOpi", cod_fam = "codFam",
    cod_pcs = "codPcs", cod_pcs_ap = "codPcsAp", cod_sim = "codSim", cod_thb_opi = "codThbOpi",
    cod_thp_opi = "codThpOpi", daa_lbt_ind_opi = "daaLbtIndOpi", dmm_lbt_ind_opi = "dmmLbtIndOpi",
    num_tel_por_opi = "numTelPorOpi", cod_rgi = "codRgi", cod_stu = "codStu" });
leaves!(EtatCivil { cod_nne_ind_opi = "codNneIndOpi", cod_sex_etu_opi = "codSexEtuOpi",
    lib_nom_pat_ind_opi = "libNomPatIndOpi", lib_nom_usu_ind_opi = "libNomUsuIndOpi",
    lib_pr1_ind_opi = "libPr1IndOpi", lib_pr2_ind_opi = "libPr2IndOpi",
    lib_pr3_ind_opi = "libPr3IndOpi" });
leaves!(PremiereInscription { cod_etb = "codEtb", daa_ens_sup_opi = "daaEnsSupOpi",
    daa_ent_etb_opi = "daaEntEtbOpi", daa_etb_opi = "daaEtbOpi", daa_etr_sup = "daaEtrSup" });
leaves!(Voeu { cod_att_dec = "codAttDec", cod_cge = "codCge", cod_cmp = "codCmp",
    cod_rge = "codRge", cod_dec_veu = "codDecVeu", cod_cat_oui_si = "codCatOuiSi",
    mtf_cat = "mtfCat", cod_dem_dos = "codDemDos", cod_dip = "codDip", cod_etp = "codEtp",
    cod_mfo = "codMfo", cod_spe1_opi = "codSpe1Opi", cod_spe2_opi = "codSpe2Opi",
    cod_spe3_opi = "codSpe3Opi", cod_tyd = "codTyd", cod_vrs_vdi = "codVrsVdi",
    cod_vrs_vet = "codVrsVet", convocation = "convocation", lib_cmt_jur = "libCmtJur",
    num_cls = "numCls", tem_val_psd = "temValPsd", titre_acces_externe = "titreAccesExterne",
    ctr_adr = "ctrAdr", cod_cat_exo_ext = "codCatExoExt", com_exo_ext = "comExoExt" });

/// `individu`. Its nil-only complex children (dernierDiplObt, prgEchange, …) are skipped.
#[derive(Debug, Default)]
#[allow(dead_code)]
struct Individu {
    cod_etu_opi: Text,
    cod_opi_int_epo: Text,
    naissance: Option<DonneesNaissance>,
    personnelles: Option<DonneesPersonnelles>,
    etat_civil: Option<EtatCivil>,
    premiere_inscription: Option<PremiereInscription>,
}

#[derive(Debug, Default)]
#[allow(dead_code)]
struct Voeux {
    mod_env: Text,
    items: Vec<Voeu>,
}

/// `_donneesOpi`. `dac` and `donneesThese` (nil in the reference request) are skipped.
#[derive(Debug, Default)]
#[allow(dead_code)]
struct DonneesOpi {
    adresse_annuelle: Option<Adresse>,
    adresse_fixe: Option<Adresse>,
    bac: Option<Bac>,
    individu: Option<Individu>,
    voeux: Option<Voeux>,
}

/// The element just opened: resolved namespace, local name, `<x/>`, `xsi:nil="true"`.
struct Open<'e> {
    soap: bool,
    opi: bool,
    local: &'e str,
    empty: bool,
    nil: bool,
}

struct Parser<'i> {
    reader: NsReader<&'i [u8]>,
}

impl<'i> Parser<'i> {
    /// Calls `f` for each child element of the element just opened (`empty`: it was `<x/>`),
    /// up to its end tag. Text between children is ignored; `f` must consume the child.
    fn children(
        &mut self,
        empty: bool,
        mut f: impl FnMut(&mut Self, &Open, &BytesStart) -> Result<(), String>,
    ) -> Result<(), String> {
        if empty {
            return Ok(());
        }
        loop {
            match self.reader.read_event().map_err(|e| e.to_string())? {
                Event::Start(e) => self.open(&e, false, &mut f)?,
                Event::Empty(e) => self.open(&e, true, &mut f)?,
                Event::End(_) => return Ok(()),
                Event::Eof => return Err("the document ends inside an element".into()),
                Event::DocType(_) => return Err("DTD not allowed".into()),
                _ => {}
            }
        }
    }

    fn open(
        &mut self,
        e: &BytesStart,
        empty: bool,
        f: &mut impl FnMut(&mut Self, &Open, &BytesStart) -> Result<(), String>,
    ) -> Result<(), String> {
        let (ns, local) = self.reader.resolver().resolve_element(e.name());
        let (soap, opi) = match ns {
            ResolveResult::Bound(n) => (n.0 == SOAP_NS, n.0 == OPI_NS),
            ResolveResult::Unbound => (false, false),
            ResolveResult::Unknown(p) => return Err(format!("undeclared prefix '{p}'")),
        };
        let mut nil = false;
        if !e.attributes_raw().trim().is_empty() {
            for a in e.attributes() {
                let a = a.map_err(|e| e.to_string())?;
                let (ns, name) = self.reader.resolver().resolve_attribute(a.key);
                if let ResolveResult::Unknown(p) = ns {
                    return Err(format!("undeclared prefix '{p}'"));
                }
                if matches!(ns, ResolveResult::Bound(n) if n.0 == XSI_NS) && name.as_ref() == "nil"
                {
                    nil = matches!(a.value.trim(), "true" | "1");
                }
            }
        }
        let open = Open {
            soap,
            opi,
            local: local.as_ref(),
            empty,
            nil,
        };
        f(self, &open, e)
    }

    /// Skips the element just opened (well-formedness is still checked by the reader).
    fn skip(&mut self, open: &Open, e: &BytesStart) -> Result<(), String> {
        if !open.empty {
            self.reader
                .read_to_end(e.name())
                .map_err(|e| e.to_string())?;
        }
        Ok(())
    }

    /// The text content of the element just opened; `None` when it is `xsi:nil`.
    fn text(&mut self, open: &Open, e: &BytesStart) -> Result<Text, String> {
        if open.nil {
            self.skip(open, e)?;
            return Ok(None);
        }
        let mut s = String::new();
        if open.empty {
            return Ok(Some(s));
        }
        loop {
            match self.reader.read_event().map_err(|e| e.to_string())? {
                Event::Text(t) => s.push_str(&t.xml10_content()),
                Event::CData(t) => s.push_str(&t.xml10_content()),
                Event::GeneralRef(r) => match r.resolve_char_ref().map_err(|e| e.to_string())? {
                    Some(c) => s.push(c),
                    None => match resolve_predefined_entity(&r.xml10_content()) {
                        Some(v) => s.push_str(v),
                        None => return Err(format!("undeclared entity &{};", r.xml10_content())),
                    },
                },
                Event::Start(c) => {
                    self.reader
                        .read_to_end(c.name())
                        .map_err(|e| e.to_string())?;
                }
                Event::End(_) => break,
                Event::Eof => return Err("the document ends inside an element".into()),
                _ => {}
            }
        }
        if s.trim().len() != s.len() {
            s = s.trim().to_owned();
        }
        Ok(Some(s))
    }

    /// A struct of text leaves; `None` when it is `xsi:nil`. Unknown children are skipped.
    fn leaves<T: Leaves>(&mut self, open: &Open, e: &BytesStart) -> Result<Option<T>, String> {
        if open.nil {
            self.skip(open, e)?;
            return Ok(None);
        }
        let mut v = T::default();
        self.children(open.empty, |p, c, ce| {
            match v.slot(c.local) {
                Some(slot) => *slot = p.text(c, ce)?,
                None => p.skip(c, ce)?,
            }
            Ok(())
        })?;
        Ok(Some(v))
    }

    fn individu(&mut self, open: &Open, e: &BytesStart) -> Result<Option<Individu>, String> {
        if open.nil {
            self.skip(open, e)?;
            return Ok(None);
        }
        let mut v = Individu::default();
        self.children(open.empty, |p, c, ce| {
            match c.local {
                "codEtuOpi" => v.cod_etu_opi = p.text(c, ce)?,
                "codOpiIntEpo" => v.cod_opi_int_epo = p.text(c, ce)?,
                "donneesNaissance" => v.naissance = p.leaves(c, ce)?,
                "donneesPersonnelles" => v.personnelles = p.leaves(c, ce)?,
                "etatCivil" => v.etat_civil = p.leaves(c, ce)?,
                "premiereInscription" => v.premiere_inscription = p.leaves(c, ce)?,
                _ => p.skip(c, ce)?,
            }
            Ok(())
        })?;
        Ok(Some(v))
    }

    fn voeux(&mut self, open: &Open, e: &BytesStart) -> Result<Option<Voeux>, String> {
        if open.nil {
            self.skip(open, e)?;
            return Ok(None);
        }
        let mut v = Voeux::default();
        self.children(open.empty, |p, c, ce| {
            match c.local {
                "modEnv" => v.mod_env = p.text(c, ce)?,
                "item" => v.items.extend(p.leaves(c, ce)?),
                _ => p.skip(c, ce)?,
            }
            Ok(())
        })?;
        Ok(Some(v))
    }

    fn donnees_opi(&mut self, open: &Open) -> Result<DonneesOpi, String> {
        let mut v = DonneesOpi::default();
        self.children(open.empty, |p, c, ce| {
            match c.local {
                "adresseAnnuelle" => v.adresse_annuelle = p.leaves(c, ce)?,
                "adresseFixe" => v.adresse_fixe = p.leaves(c, ce)?,
                "bac" => v.bac = p.leaves(c, ce)?,
                "individu" => v.individu = p.individu(c, ce)?,
                "voeux" => v.voeux = p.voeux(c, ce)?,
                _ => p.skip(c, ce)?,
            }
            Ok(())
        })?;
        Ok(v)
    }
}

/// Envelope > Body > opi:mettreajourDonneesOpi_v10 > _donneesOpi, then the end of the document.
fn parse(xml: &str) -> Result<DonneesOpi, String> {
    let mut p = Parser {
        reader: NsReader::from_str(xml),
    };
    p.reader.config_mut().check_comments = true;
    let mut found: Option<DonneesOpi> = None;
    let mut root_seen = false;
    let mut envelope = |p: &mut Parser, env: &Open, _: &BytesStart| {
        if root_seen {
            return Err("content after the root element".to_string());
        }
        if !env.soap || env.local != "Envelope" {
            return Err("the root element is not a SOAP 1.1 Envelope".to_string());
        }
        root_seen = true;
        p.children(env.empty, |p, c, ce| match (c.soap, c.local) {
            (true, "Body") => p.children(c.empty, |p, op, _| {
                if !op.opi || op.local != "mettreajourDonneesOpi_v10" {
                    return Err(format!("unknown operation {}", op.local));
                }
                p.children(op.empty, |p, d, de| {
                    match d.local {
                        "_donneesOpi" => found = Some(p.donnees_opi(d)?),
                        _ => p.skip(d, de)?,
                    }
                    Ok(())
                })
            }),
            _ => p.skip(c, ce),
        })
    };
    loop {
        match p.reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) => p.open(&e, false, &mut envelope)?,
            Event::Empty(e) => p.open(&e, true, &mut envelope)?,
            Event::Text(t) if t.xml10_content().trim().is_empty() => {}
            Event::Decl(_) | Event::Comment(_) | Event::PI(_) => {}
            Event::Eof => break,
            _ => return Err("content outside the root element".into()),
        }
    }
    found.ok_or_else(|| "no _donneesOpi in the request".into())
}

fn xml_response(status: StatusCode, body: Bytes) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(body));
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("text/xml; charset=utf-8"),
    );
    r
}

fn fault(message: &str) -> Response<Full<Bytes>> {
    let body = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="{SOAP_NS}"><soapenv:Body><soapenv:Fault><faultcode>soapenv:Client</faultcode><faultstring>{}</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>"#,
        escape(message)
    );
    xml_response(StatusCode::INTERNAL_SERVER_ERROR, Bytes::from(body))
}

async fn handle(req: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    let body = match Limited::new(req.into_body(), 1 << 20).collect().await {
        Ok(c) => c.to_bytes(),
        Err(_) => return Ok(fault("the request body is too large or was cut")),
    };
    let Ok(xml) = std::str::from_utf8(&body) else {
        return Ok(fault("the request is not UTF-8"));
    };
    match parse(xml) {
        Ok(opi) => {
            // Use the parsed data so that nothing is optimised away.
            std::hint::black_box(&opi);
            Ok(xml_response(
                StatusCode::OK,
                Bytes::from_static(RESPONSE.as_bytes()),
            ))
        }
        Err(e) => Ok(fault(&format!("the request is not well-formed: {e}"))),
    }
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let port: u16 = std::env::var("PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(8085);
    let listener = TcpListener::bind(("127.0.0.1", port)).await?;
    eprintln!("parse-only listening on 127.0.0.1:{port}");
    loop {
        let (stream, _) = listener.accept().await?;
        let _ = stream.set_nodelay(true);
        tokio::spawn(async move {
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service_fn(handle))
                .await;
        });
    }
}

#[cfg(test)]
mod tests {
    use super::parse;

    const REQUEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
  <s:Header/><s:Body><o:mettreajourDonneesOpi_v10 xmlns:o="gouv.education.apogee.commun.servicesmetiers.OpiMetier">
    <_donneesOpi>
      <adresseFixe><lib1> 7 place Grenette &amp; c&#xE9;  </lib1><lib2 i:nil="true"/><lib3><![CDATA[<b>]]></lib3></adresseFixe>
      <dac i:nil="true"/>
      <individu><codOpiIntEpo>EC1</codOpiIntEpo><etatCivil><libPr1IndOpi>ÉLODIE</libPr1IndOpi></etatCivil></individu>
      <voeux><modEnv i:nil="true"/><item><codEtp>L1INF</codEtp></item><item><numCls>2</numCls></item></voeux>
    </_donneesOpi>
  </o:mettreajourDonneesOpi_v10></s:Body></s:Envelope>"#;

    #[test]
    fn parses_into_the_structs() {
        let opi = parse(REQUEST).unwrap();
        let fixe = opi.adresse_fixe.unwrap();
        assert_eq!(fixe.lib1.as_deref(), Some("7 place Grenette & cé"));
        assert_eq!(fixe.lib2, None);
        assert_eq!(fixe.lib3.as_deref(), Some("<b>"));
        assert!(opi.adresse_annuelle.is_none());
        let individu = opi.individu.unwrap();
        assert_eq!(individu.cod_opi_int_epo.as_deref(), Some("EC1"));
        let prenom = individu.etat_civil.unwrap().lib_pr1_ind_opi;
        assert_eq!(prenom.as_deref(), Some("ÉLODIE"));
        let voeux = opi.voeux.unwrap();
        assert_eq!(voeux.items.len(), 2);
        assert_eq!(voeux.items[0].cod_etp.as_deref(), Some("L1INF"));
        assert_eq!(voeux.items[1].num_cls.as_deref(), Some("2"));
    }

    #[test]
    fn rejects_what_is_not_well_formed() {
        let cut = &REQUEST[..REQUEST.len() - 20];
        assert!(parse(cut).is_err());
        assert!(parse(&REQUEST.replace("&amp;", "&nbsp;")).is_err());
        assert!(parse(&REQUEST.replace("</lib1>", "</lib2>")).is_err());
        assert!(parse(&REQUEST.replace("i:nil", "j:nil")).is_err());
        assert!(parse(&REQUEST.replace("s:Envelope", "Envelope")).is_err());
        assert!(parse(&format!("{REQUEST}<x/>")).is_err());
    }
}
