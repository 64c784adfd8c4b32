/* Tests of the blame plugin through the real host and the real actors
 * plugin.  Every sentence here is written for these tests. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#include "pipeline.h"

static pipeline *P;

/* Build the pipeline once per test. */
static void setup(void)
{
    char err[512];
    int rc = pipeline_new_from_string(&P, "[daemon]\nplugins = actors, blame\n", err, sizeof err);
    cr_assert_eq(rc, 0, "%s", err);
}

static void teardown(void)
{
    pipeline_release(&P);
}

TestSuite(blame, .init = setup, .fini = teardown);

/* Country part of a code ("AUTHOR" and "" stay whole). */
static int same_country(const char *code, const char *want)
{
    if (!code)
        code = "";
    if (!strcmp(want, "AUTHOR") || !want[0])
        return !strcmp(code, want);
    return !strncmp(code, want, 3);
}

/* Number of blames of `blamed` by `blamer` (NULL: any blamer). */
static int count(const Annot__V1__AnnotatedDocument *d, const char *blamer, const char *blamed)
{
    int n = 0;
    for (size_t i = 0; i < d->n_blames; i++) {
        const Annot__V1__Blame *b = d->blames[i];
        if (same_country(b->blamed, blamed) && (!blamer || same_country(b->blamer, blamer)))
            n++;
    }
    return n;
}

/* The first blame of `blamed`, or NULL. */
static const Annot__V1__Blame *find(const Annot__V1__AnnotatedDocument *d, const char *blamed)
{
    for (size_t i = 0; i < d->n_blames; i++)
        if (same_country(d->blames[i]->blamed, blamed))
            return d->blames[i];
    return NULL;
}

/* Print what was found, for failing tests. */
static const char *dump(const Annot__V1__AnnotatedDocument *d)
{
    static __thread char buf[2048];
    size_t o = 0;
    o += (size_t)snprintf(buf + o, sizeof buf - o, "actors:");
    for (size_t i = 0; i < d->n_actors && o < sizeof buf - 64; i++)
        o += (size_t)snprintf(buf + o, sizeof buf - o, " %s[%u,%u)", d->actors[i]->code,
                              d->actors[i]->start, d->actors[i]->end);
    o += (size_t)snprintf(buf + o, sizeof buf - o, " blames:");
    for (size_t i = 0; i < d->n_blames && o < sizeof buf - 64; i++)
        o += (size_t)snprintf(buf + o, sizeof buf - o, " %s->%s(%.2f)", d->blames[i]->blamer,
                              d->blames[i]->blamed, d->blames[i]->confidence);
    return buf;
}

#define TAG(text) Annot__V1__AnnotatedDocument *d = pipeline_tag_text(P, text); cr_assert_not_null(d)
#define HAS(blamer, blamed) cr_expect_eq(count(d, blamer, blamed), 1, "want %s->%s; %s", blamer ? blamer : "*", blamed, dump(d))
#define NONE(blamed) cr_expect_eq(count(d, NULL, blamed), 0, "no blame of %s wanted; %s", blamed, dump(d))

/* ---- a passive cue opening the document ------------------------------ */

/* "Accused of ..." as the text's first token: the reduced-relative reading
 * looks for an actor before the cue, and there is no token before it (this
 * read out of bounds and crashed the release and sanitizer builds). */
Test(blame, passive_cue_opening_the_text)
{
    TAG("Accused of hacking, Norway denied it.");
    cr_expect_eq(d->n_actors, 1, "%s", dump(d));
    NONE("NOR");
    pipeline_result_free(d);
}

/* ---- active verbs: subject blames object ---------------------------- */

Test(blame, active_accuse_with_issue_and_cue)
{
    const char *t = "Germany accused Russia of spreading disinformation.";
    TAG(t);
    HAS("DEU", "RUS");
    const Annot__V1__Blame *b = find(d, "RUS");
    if (b) {
        cr_expect_not_null(b->cue);
        cr_expect_eq(b->cue->end - b->cue->start, strlen("accused"));
        cr_expect_eq(strncmp(t + b->cue->start, "accused", 7), 0);
        cr_expect_not_null(b->issue);
        if (b->issue)
            cr_expect_eq(strncmp(t + b->issue->start, "spreading", 9), 0);
        cr_expect_geq(b->confidence, 0.8f);
    }
    NONE("DEU");
    pipeline_result_free(d);
}

Test(blame, condemn_possessor_object_not_victim)
{
    TAG("France condemned Turkey's offensive in Syria.");
    HAS("FRA", "TUR");
    NONE("SYR");
    pipeline_result_free(d);
}

Test(blame, condemned_attack_on_victim_is_no_blame_of_victim)
{
    TAG("Egypt condemned the bombing of Somalia.");
    NONE("SOM");
    pipeline_result_free(d);
}

Test(blame, blame_issue_on_actor)
{
    TAG("Poland blamed the blackout on Belarus.");
    HAS("POL", "BLR");
    pipeline_result_free(d);
}

Test(blame, coordinated_blamers_and_blamed)
{
    TAG("Australia and Japan accused China and Russia of cyber espionage.");
    HAS("AUS", "CHN");
    HAS("JPN", "CHN");
    HAS("AUS", "RUS");
    HAS("JPN", "RUS");
    pipeline_result_free(d);
}

Test(blame, legal_cues_sue_indict_prosecute)
{
    TAG("Canada is suing Mexico over the tariffs. Peru prosecuted Chile for smuggling.");
    HAS("CAN", "MEX");
    HAS("PER", "CHL");
    pipeline_result_free(d);
}

Test(blame, sentence_index_of_second_sentence)
{
    TAG("Trade talks resumed on Monday. Hungary criticised Austria for the border checks.");
    const Annot__V1__Blame *b = find(d, "AUT");
    cr_assert_not_null(b, "%s", dump(d));
    cr_expect_eq(b->sentence, 1);
    pipeline_result_free(d);
}

/* Cue words whose first eight bytes and length are the same ("criticised"
 * and "criticises", "denounced" and "denounces") share their entry in the
 * direct word table and are told apart by their last bytes. */
Test(blame, cue_words_sharing_their_first_eight_bytes)
{
    const char *texts[] = {
        "Hungary criticised Austria for the border checks.",
        "Hungary criticises Austria for the border checks.",
        "Hungary criticizes Austria for the border checks.",
        "Hungary criticized Austria for the border checks.",
        "Hungary denounced Austria for the border checks.",
        "Hungary denounces Austria for the border checks.",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        TAG(texts[i]);
        cr_expect_eq(count(d, "HUN", "AUT"), 1, "%s: %s", texts[i], dump(d));
        pipeline_result_free(d);
    }
}

/* ---- passives ------------------------------------------------------- */

Test(blame, passive_with_by_agent)
{
    TAG("Chile was criticised by Peru for the border closure.");
    HAS("PER", "CHL");
    NONE("PER");
    pipeline_result_free(d);
}

Test(blame, passive_without_agent_has_no_blamer)
{
    TAG("Norway was accused of dumping salmon.");
    HAS("", "NOR");
    pipeline_result_free(d);
}

/* ---- nominal cues ----------------------------------------------------- */

Test(blame, noun_possessor_against)
{
    TAG("Egypt's accusations against Sudan were repeated on Tuesday.");
    HAS("EGY", "SDN");
    NONE("EGY");
    pipeline_result_free(d);
}

Test(blame, noun_light_verb_subject)
{
    TAG("Sweden leveled charges against Denmark over the pipeline leak.");
    HAS("SWE", "DNK");
    pipeline_result_free(d);
}

Test(blame, noun_face_verb_subject_is_blamed)
{
    TAG("Brazil faced criticism from Argentina over deforestation.");
    HAS("ARG", "BRA");
    NONE("ARG");
    pipeline_result_free(d);
}

Test(blame, adjective_critical_of)
{
    TAG("Greece was critical of Turkey over the drilling.");
    HAS("GRC", "TUR");
    pipeline_result_free(d);
}

/* ---- hold responsible, point the finger, allege --------------------- */

Test(blame, hold_responsible)
{
    TAG("Japan holds North Korea responsible for the missile launch.");
    HAS("JPN", "PRK");
    pipeline_result_free(d);
}

Test(blame, point_the_finger_at)
{
    TAG("Greece pointed the finger at Turkey after the fires.");
    HAS("GRC", "TUR");
    pipeline_result_free(d);
}

Test(blame, allege_that)
{
    TAG("Colombia alleged that Venezuela had armed the rebels.");
    HAS("COL", "VEN");
    pipeline_result_free(d);
}

/* ---- predicates in the writer's or a speaker's voice ----------------- */

Test(blame, is_to_blame_reported)
{
    TAG("Kenya is to blame for the crisis, Uganda said.");
    HAS("UGA", "KEN");
    pipeline_result_free(d);
}

Test(blame, responsible_for_harm_is_author_blame)
{
    TAG("Spain is responsible for the damage to the fishing fleet.");
    HAS("AUTHOR", "ESP");
    pipeline_result_free(d);
}

Test(blame, responsible_for_neutral_duty_is_not_blame)
{
    TAG("Spain is responsible for the organisation of the summit.");
    NONE("ESP");
    pipeline_result_free(d);
}

Test(blame, caused_by_agent)
{
    TAG("The outage was caused by Iran.");
    HAS("AUTHOR", "IRN");
    pipeline_result_free(d);
}

Test(blame, possessive_doing)
{
    TAG("The famine is Ethiopia's doing.");
    HAS("AUTHOR", "ETH");
    pipeline_result_free(d);
}

Test(blame, harm_verb_writer_voice)
{
    TAG("Russia invaded Ukraine in 2022.");
    HAS("AUTHOR", "RUS");
    NONE("UKR");
    pipeline_result_free(d);
}

Test(blame, harm_verb_reported_speech)
{
    TAG("Ukraine said Russia shelled the city overnight.");
    HAS("UKR", "RUS");
    cr_expect_eq(count(d, "AUTHOR", "RUS"), 0, "%s", dump(d));
    pipeline_result_free(d);
}

Test(blame, harm_inside_accusation_is_not_a_second_blame)
{
    TAG("Sweden accused Russia of hacking its parliament.");
    HAS("SWE", "RUS");
    cr_expect_eq(count(d, "AUTHOR", "RUS"), 0, "%s", dump(d));
    pipeline_result_free(d);
}

/* ---- threat perceptions ----------------------------------------------- */

Test(blame, views_as_threat)
{
    TAG("Lithuania views Russia as a threat.");
    HAS("LTU", "RUS");
    pipeline_result_free(d);
}

Test(blame, views_as_partner_is_not_blame)
{
    TAG("Lithuania views Poland as a partner.");
    NONE("POL");
    pipeline_result_free(d);
}

Test(blame, poses_threat)
{
    TAG("North Korea poses a grave threat to Japan.");
    HAS("AUTHOR", "PRK");
    NONE("JPN");
    pipeline_result_free(d);
}

/* ---- reciprocal blame ----------------------------------------------- */

Test(blame, traded_accusations)
{
    TAG("India and Pakistan traded accusations over the shelling.");
    HAS("IND", "PAK");
    HAS("PAK", "IND");
    pipeline_result_free(d);
}

Test(blame, blamed_each_other)
{
    TAG("Armenia and Azerbaijan blamed each other for the fighting.");
    HAS("ARM", "AZE");
    HAS("AZE", "ARM");
    pipeline_result_free(d);
}

Test(blame, each_blaming_the_other_side)
{
    TAG("Talks between Ethiopia and Egypt collapsed, with each blaming the other side.");
    HAS("ETH", "EGY");
    HAS("EGY", "ETH");
    pipeline_result_free(d);
}

/* ---- not blame ---------------------------------------------------------- */

Test(blame, denial_of_act)
{
    TAG("China denied hacking the networks of Vietnam.");
    NONE("CHN");
    pipeline_result_free(d);
}

Test(blame, denial_that_other_did_it)
{
    TAG("Russia denied that Belarus had staged the provocation.");
    NONE("BLR");
    NONE("RUS");
    pipeline_result_free(d);
}

Test(blame, rejected_accusation_keeps_its_source)
{
    TAG("Russia rejected Germany's accusations of election meddling.");
    HAS("DEU", "RUS");
    NONE("DEU");
    cr_expect_eq(count(d, "RUS", "DEU"), 0);
    pipeline_result_free(d);
}

Test(blame, rejected_accusation_without_source_is_no_blame)
{
    TAG("Iran rejected the accusations.");
    NONE("IRN");
    pipeline_result_free(d);
}

Test(blame, negation)
{
    TAG("Canada did not blame Mexico for the delays. Italy never criticised Libya.");
    NONE("MEX");
    NONE("LBY");
    pipeline_result_free(d);
}

Test(blame, not_responsible)
{
    TAG("Spain is not responsible for the damage to the fleet.");
    NONE("ESP");
    pipeline_result_free(d);
}

Test(blame, rather_than)
{
    TAG("Austria blamed Hungary rather than Serbia for the influx.");
    HAS("AUT", "HUN");
    NONE("SRB");
    pipeline_result_free(d);
}

Test(blame, hypothetical)
{
    TAG("If Iran attacked Iraq, Kuwait would condemn Tehran.");
    NONE("IRN");
    NONE("IRQ");
    pipeline_result_free(d);
}

Test(blame, question)
{
    TAG("Did Venezuela accuse Colombia of sabotage?");
    NONE("COL");
    pipeline_result_free(d);
}

Test(blame, modal_is_not_blame)
{
    TAG("Argentina might sue Uruguay over the paper mill.");
    NONE("URY");
    pipeline_result_free(d);
}

/* ---- confidence --------------------------------------------------------- */

Test(blame, explicit_more_confident_than_inferred)
{
    TAG("Germany accused Russia of the hack. Norway was accused of dumping. Iran bombed Iraq.");
    const Annot__V1__Blame *full = find(d, "RUS");
    const Annot__V1__Blame *noagent = find(d, "NOR");
    const Annot__V1__Blame *harm = find(d, "IRN");
    cr_assert(full && noagent && harm, "%s", dump(d));
    cr_expect_gt(full->confidence, noagent->confidence);
    cr_expect_gt(full->confidence, harm->confidence);
    cr_expect_leq(full->confidence, 1.0f);
    cr_expect_gt(harm->confidence, 0.0f);
    pipeline_result_free(d);
}

/* ---- user cue files -------------------------------------------------------- */

Test(blame_files, extra_file_adds_cues_and_skips_bad_lines)
{
    char path[] = "/tmp/blame_extra_XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    FILE *f = fdopen(fd, "w");
    cr_assert_not_null(f);
    fputs("# user cues\nverb snub/snubs/snubbed/snubbing\nnosuchframe foo\nverb\n", f);
    fclose(f);
    char ini[512], err[512];
    snprintf(ini, sizeof ini, "[daemon]\nplugins = actors, blame\n[plugin.blame]\nextra_files = %s\n", path);
    pipeline *p = NULL;
    int rc = pipeline_new_from_string(&p, ini, err, sizeof err);
    cr_assert_eq(rc, 0, "%s", err);
    Annot__V1__AnnotatedDocument *d = pipeline_tag_text(p, "Chile snubbed Peru at the summit.");
    cr_assert_not_null(d);
    HAS("CHL", "PER");
    pipeline_result_free(d);
    pipeline_release(&p);
    unlink(path);
}

Test(blame_files, missing_extra_file_fails_init)
{
    char err[512];
    pipeline *p = NULL;
    int rc = pipeline_new_from_string(&p, "[daemon]\nplugins = actors, blame\n[plugin.blame]\nextra_files = /nonexistent/blame.txt\n",
                                      err, sizeof err);
    cr_expect_neq(rc, 0);
    cr_expect_not_null(strstr(err, "blame.txt"), "%s", err);
    pipeline_release(&p);
}

Test(blame_files, implicit_off_keeps_explicit_only)
{
    char err[512];
    pipeline *p = NULL;
    int rc = pipeline_new_from_string(&p, "[daemon]\nplugins = actors, blame\n[plugin.blame]\nimplicit = false\n",
                                      err, sizeof err);
    cr_assert_eq(rc, 0, "%s", err);
    Annot__V1__AnnotatedDocument *d = pipeline_tag_text(p, "Russia invaded Ukraine. Germany condemned Russia.");
    cr_assert_not_null(d);
    HAS("DEU", "RUS");
    cr_expect_eq(count(d, "AUTHOR", "RUS"), 0, "%s", dump(d));
    pipeline_result_free(d);
    pipeline_release(&p);
}

/* ---- constructions found while measuring (sentences of our own) -------- */

Test(blame, participial_adjunct_takes_main_subject)
{
    TAG("Canada issued a statement on Friday, accusing Iran of covering up the crash.");
    HAS("CAN", "IRN");
    pipeline_result_free(d);
}

Test(blame, false_accusation_is_the_writers_blame_of_its_maker)
{
    TAG("Denmark filed a groundless complaint against Norway.");
    HAS("DNK", "NOR");
    HAS("AUTHOR", "DNK");
    pipeline_result_free(d);
}

Test(blame, pejorative_verb_without_actor_object)
{
    TAG("Hungary has often slandered others to distract from its failures.");
    HAS("AUTHOR", "HUN");
    pipeline_result_free(d);
}

Test(blame, critic_after_copula)
{
    TAG("Estonia is a vocal critic of Russia.");
    HAS("EST", "RUS");
    pipeline_result_free(d);
}

Test(blame, alleged_as_adjective_is_not_blame)
{
    TAG("Officials discussed alleged ties to Iran.");
    NONE("IRN");
    pipeline_result_free(d);
}

Test(blame, alleged_victim_is_not_blamed)
{
    TAG("Lawyers alleged that Ukraine was attacked overnight.");
    NONE("UKR");
    pipeline_result_free(d);
}

Test(blame, in_charge_of_is_not_a_charge)
{
    TAG("Italy was put in charge of the mission.");
    NONE("ITA");
    pipeline_result_free(d);
}

Test(blame, words_inside_names_are_not_cues)
{
    TAG("A spokesman blamed Israel and the United States for the attack.");
    HAS("", "ISR");
    HAS("", "USA");
    pipeline_result_free(d);
}

Test(blame, reduced_relative_needs_an_adjacent_actor)
{
    TAG("Courts in China may extradite anyone accused of a crime.");
    NONE("CHN");
    pipeline_result_free(d);
}

Test(blame, gerund_after_preposition_is_a_cue)
{
    TAG("Chile was quick in blaming Bolivia for the water shortage.");
    HAS("CHL", "BOL");
    pipeline_result_free(d);
}

Test(blame, pronoun_object_takes_the_sentence_subject)
{
    TAG("Bolsonaro spoke on Monday, and his critics blame him for the fires.");
    HAS("", "BRA");
    pipeline_result_free(d);
}

Test(blame, new_clause_is_not_a_subject_list)
{
    TAG("Russia invaded Ukraine, and Poland condemned Moscow.");
    HAS("POL", "RUS");
    cr_expect_eq(count(d, "UKR", "RUS"), 0, "%s", dump(d));
    pipeline_result_free(d);
}

Test(blame, serial_list_of_blamers)
{
    TAG("Britain, France, and Germany condemned Russia.");
    HAS("GBR", "RUS");
    HAS("FRA", "RUS");
    HAS("DEU", "RUS");
    pipeline_result_free(d);
}

Test(blame, denounced_deal_between_two_actors)
{
    TAG("The summit denounced the pact between Greece and Albania.");
    HAS("", "GRC");
    HAS("", "ALB");
    pipeline_result_free(d);
}

Test(blame, prosecution_of)
{
    TAG("Peru will pursue the prosecution of Chile.");
    HAS("PER", "CHL");
    pipeline_result_free(d);
}

Test(blame, protest_with)
{
    TAG("Beijing lodged a formal protest with Tokyo over the visit.");
    HAS("CHN", "JPN");
    pipeline_result_free(d);
}

Test(blame, rejected_claim_that_keeps_its_source)
{
    TAG("Pakistan rejected India's claim that it sheltered militants.");
    HAS("IND", "PAK");
    NONE("IND");
    pipeline_result_free(d);
}

Test(blame, claim_to_territory_is_not_blame)
{
    TAG("China's claim to the islands angered Vietnam.");
    NONE("VNM");
    pipeline_result_free(d);
}

Test(blame, found_guilty)
{
    TAG("A court in Kenya found Somalia guilty of breaching the treaty.");
    HAS("KEN", "SOM");
    pipeline_result_free(d);
}

Test(blame, suspected_of)
{
    TAG("Iran is suspected of sabotaging the tankers.");
    HAS("", "IRN");
    pipeline_result_free(d);
}

Test(blame, was_behind_the_attack)
{
    TAG("Israel said Iran was behind the attack on the ship.");
    HAS("ISR", "IRN");
    pipeline_result_free(d);
}

Test(blame, unnamed_speaker_is_not_the_writer)
{
    TAG("Critics say Hungary has undermined press freedom.");
    cr_expect_eq(count(d, "AUTHOR", "HUN"), 0, "%s", dump(d));
    pipeline_result_free(d);
}

Test(blame, verbal_attack_on_a_decision_by_an_actor)
{
    TAG("Turkey attacked the proclamation by Israel on Monday.");
    HAS("TUR", "ISR");
    cr_expect_eq(count(d, "AUTHOR", "TUR"), 0, "%s", dump(d));
    pipeline_result_free(d);
}

Test(blame, physical_attack_is_the_writers_attribution)
{
    TAG("Russia attacked the port of Odesa overnight.");
    HAS("AUTHOR", "RUS");
    pipeline_result_free(d);
}

Test(blame, speaker_after_semicolon_is_another_clause)
{
    TAG("Iran bombed the depot; Iraq reported heavy rain.");
    HAS("AUTHOR", "IRN");
    cr_expect_eq(count(d, "IRQ", "IRN"), 0, "%s", dump(d));
    pipeline_result_free(d);
}

Test(blame, came_under_fire_from)
{
    TAG("Germany came under fire from Poland over the pipeline.");
    HAS("POL", "DEU");
    pipeline_result_free(d);
}

Test(blame, hit_back_at)
{
    TAG("Ankara hit back at Germany over the remarks.");
    HAS("TUR", "DEU");
    pipeline_result_free(d);
}

Test(blame, capitalised_headline)
{
    TAG("Russia Accuses Ukraine Of Shelling Nuclear Plant");
    HAS("RUS", "UKR");
    pipeline_result_free(d);
}

Test(blame, lawsuit_filed_by_against)
{
    TAG("A lawsuit filed by Mexico against the United States was dismissed.");
    HAS("MEX", "USA");
    pipeline_result_free(d);
}

Test(blame, denial_ends_at_a_second_verb)
{
    TAG("Serbia denied the report and accused Croatia of lying.");
    HAS("SRB", "HRV");
    pipeline_result_free(d);
}

Test(blame, coordinated_passive_subjects)
{
    TAG("Syria and Iran were accused of arming the militia.");
    HAS("", "SYR");
    HAS("", "IRN");
    pipeline_result_free(d);
}

Test(blame_files, min_confidence_drops_weak_blames)
{
    char err[512];
    pipeline *p = NULL;
    int rc = pipeline_new_from_string(&p, "[daemon]\nplugins = actors, blame\n[plugin.blame]\nmin_confidence = 0.7\n",
                                      err, sizeof err);
    cr_assert_eq(rc, 0, "%s", err);
    Annot__V1__AnnotatedDocument *d = pipeline_tag_text(p, "Russia invaded Ukraine. Germany condemned Russia.");
    cr_assert_not_null(d);
    HAS("DEU", "RUS");
    cr_expect_eq(count(d, "AUTHOR", "RUS"), 0, "%s", dump(d));
    for (size_t i = 0; i < d->n_blames; i++)
        cr_expect_geq(d->blames[i]->confidence, 0.7f);
    pipeline_result_free(d);
    pipeline_release(&p);
}

Test(blame, possessor_of_critics_is_criticised)
{
    TAG("Hungary's critics say the new law is unfair.");
    HAS("", "HUN");
    pipeline_result_free(d);
}

Test(blame, spoke_out_against)
{
    TAG("The prime minister of Iraq spoke out against the United States.");
    HAS("IRQ", "USA");
    pipeline_result_free(d);
}

Test(blame, called_with_a_bad_word)
{
    TAG("France called Russia's actions illegal. Germany called Poland a partner.");
    HAS("FRA", "RUS");
    NONE("POL");
    pipeline_result_free(d);
}

Test(blame, indict_and_frame)
{
    TAG("Malaysia indicted Singapore over the fraud. Cuba framed Panama for the smuggling.");
    HAS("MYS", "SGP");
    HAS("CUB", "PAN");
    pipeline_result_free(d);
}

Test(blame, sanction_for)
{
    TAG("Canada sanctioned Belarus for the forced landing.");
    HAS("CAN", "BLR");
    pipeline_result_free(d);
}

Test(blame, fault_of)
{
    TAG("The shortage is entirely the fault of Venezuela.");
    HAS("AUTHOR", "VEN");
    pipeline_result_free(d);
}

Test(blame, threat_theory)
{
    TAG("The Russia threat theory is popular among officials.");
    HAS(NULL, "RUS");
    pipeline_result_free(d);
}

Test(blame, failed_to)
{
    TAG("Sweden failed to protect the refugees.");
    HAS("AUTHOR", "SWE");
    pipeline_result_free(d);
}

Test(blame, speaker_of_a_fronted_clause_is_not_the_voice)
{
    TAG("Although Norway said the fleet was safe, the Danish report blames Norway's negligence.");
    cr_expect_eq(count(d, "NOR", "NOR"), 0, "%s", dump(d));
    pipeline_result_free(d);
}

Test(blame, quantifier_subject_is_not_an_article)
{
    TAG("Many blamed the government of Lebanon for the explosion.");
    HAS("", "LBN");
    pipeline_result_free(d);
}

Test(blame, despite_accusations_from)
{
    TAG("Rwanda denies supporting the rebels, despite accusations from Congo.");
    HAS("COD", "RWA");
    NONE("COD");
    pipeline_result_free(d);
}

Test(blame, national_adjective_before_a_stake_noun)
{
    TAG("Both Qatar and Bahrain have alleged Iranian involvement.");
    HAS("QAT", "IRN");
    HAS("BHR", "IRN");
    pipeline_result_free(d);
}

Test(blame, national_adjective_in_a_condemned_object)
{
    TAG("Finland condemned Russian aggression.");
    HAS("FIN", "RUS");
    cr_expect_eq(count(d, "AUTHOR", "RUS"), 0, "%s", dump(d));
    pipeline_result_free(d);
}

Test(blame, national_adjective_alone_is_no_blame)
{
    TAG("The Chinese economy grew faster than Japan expected.");
    NONE("CHN");
    pipeline_result_free(d);
}

Test(blame, speaker_reporting_own_countrys_act_is_not_blaming)
{
    TAG("President Obama argued that American surveillance was lawful.");
    cr_expect_eq(count(d, "USA", "USA"), 0, "%s", dump(d));
    pipeline_result_free(d);
}

Test(blame, fronted_condition_covers_the_sentence)
{
    TAG("If confirmed, the bombing by Russia would breach the treaty.");
    NONE("RUS");
    pipeline_result_free(d);
}

Test(blame, future_with_a_later_condition)
{
    TAG("Ukraine will blame Russia if the talks fail.");
    NONE("RUS");
    pipeline_result_free(d);
}

Test(blame, whether_clause_does_not_cover_the_main_clause)
{
    TAG("Whether Iran attacked the ship is unclear, but Israel blamed Tehran.");
    HAS("ISR", "IRN");
    pipeline_result_free(d);
}

Test(blame, harm_noun_in_a_heading_states_nothing)
{
    TAG("Kurdish areas and Turkish occupation\n\nThe map shows the front line near Syria.");
    NONE("TUR");
    pipeline_result_free(d);
}
