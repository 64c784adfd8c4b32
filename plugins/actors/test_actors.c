/*
 * Tests of the actors plugin through the real host: one test per matching
 * rule, each with sentences written for this file.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pipeline.h"

static pipeline *tp_pipe;
static char tp_err[512];

static void tp_setup(void)
{
    tp_pipe = NULL;
    int rc = pipeline_new_from_string(&tp_pipe, "[daemon]\nplugins = actors\n", tp_err, sizeof tp_err);
    cr_assert_eq(rc, 0, "%s", tp_err);
}

static void tp_teardown(void)
{
    pipeline_release(&tp_pipe);
}

/* Tag text; the caller frees with pipeline_result_free(). */
static Annot__V1__AnnotatedDocument *tp_tag(const char *text)
{
    Annot__V1__AnnotatedDocument *d = pipeline_tag_text(tp_pipe, text);
    cr_assert_not_null(d);
    return d;
}

/* The mention whose span is exactly the nth occurrence of needle in text,
 * or NULL. */
static Annot__V1__Actor *tp_find(Annot__V1__AnnotatedDocument *d, const char *text, const char *needle, int nth)
{
    const char *p = text;
    for (int i = 0; p && i <= nth; i++) {
        p = strstr(i ? p + 1 : p, needle);
    }
    if (!p)
        return NULL;
    uint32_t s = (uint32_t)(p - text), e = s + (uint32_t)strlen(needle);
    for (size_t i = 0; i < d->n_actors; i++)
        if (d->actors[i]->start == s && d->actors[i]->end == e)
            return d->actors[i];
    return NULL;
}

/* Assert that needle is a mention with this code. */
static void tp_expect(Annot__V1__AnnotatedDocument *d, const char *text, const char *needle, const char *code)
{
    Annot__V1__Actor *a = tp_find(d, text, needle, 0);
    cr_assert_not_null(a, "no mention \"%s\" in \"%s\"", needle, text);
    cr_assert_str_eq(a->code, code, "\"%s\": code %s, expected %s", needle, a->code, code);
}

/* Number of mentions overlapping the first occurrence of needle. */
static size_t tp_overlapping(Annot__V1__AnnotatedDocument *d, const char *text, const char *needle)
{
    const char *p = strstr(text, needle);
    cr_assert_not_null(p);
    uint32_t s = (uint32_t)(p - text), e = s + (uint32_t)strlen(needle);
    size_t n = 0;
    for (size_t i = 0; i < d->n_actors; i++)
        n += d->actors[i]->start < e && s < d->actors[i]->end;
    return n;
}

TestSuite(actors, .init = tp_setup, .fini = tp_teardown);

Test(actors, country_names_and_abbreviations)
{
    const char *t = "Germany and the U.S. signed a pact, while the UK and the DPRK stayed away. "
                    "The People's Republic of China and the United States of America disagreed.";
    Annot__V1__AnnotatedDocument *d = tp_tag(t);
    tp_expect(d, t, "Germany", "DEU");
    tp_expect(d, t, "U.S.", "USA");
    tp_expect(d, t, "UK", "GBR");
    tp_expect(d, t, "DPRK", "PRK");
    tp_expect(d, t, "People's Republic of China", "CHN");   /* longest match */
    tp_expect(d, t, "United States of America", "USA");
    Annot__V1__Actor *a = tp_find(d, t, "U.S.", 0);
    cr_assert_str_eq(a->name, "United States");
    cr_assert_eq(a->kind, ANNOT__V1__ACTOR_KIND__ACTOR_KIND_COUNTRY);
    cr_assert_eq(d->n_actors, 6);
    pipeline_result_free(d);
}

Test(actors, case_rules)
{
    const char *t = "Let us see what the others do. She bought fine china in Turkey. "
                    "Us and them, she said. US diplomats left. Turkey objected.";
    Annot__V1__AnnotatedDocument *d = tp_tag(t);
    cr_assert_eq(tp_overlapping(d, t, "us see"), 0);
    cr_assert_eq(tp_overlapping(d, t, "china"), 0);
    cr_assert_eq(tp_overlapping(d, t, "Us and"), 0);
    tp_expect(d, t, "US diplomats", "USAGOV");
    /* sentence-initial capital: still the country */
    Annot__V1__Actor *a = tp_find(d, t, "Turkey", 1);
    cr_assert_not_null(a);
    cr_assert_str_eq(a->code, "TUR");
    pipeline_result_free(d);
}

Test(actors, bare_adjective_is_no_mention)
{
    const char *t = "He runs a Chinese-language website and loves American football. "
                    "The Russian novel was long.";
    Annot__V1__AnnotatedDocument *d = tp_tag(t);
    cr_assert_eq(d->n_actors, 0, "got %zu mentions", d->n_actors);
    pipeline_result_free(d);
}

Test(actors, adjective_with_role_noun)
{
    const char *t = "Russian hackers broke in, Indian military officers said, and Canadian state-owned "
                    "companies and Mexican internet users complained.";
    Annot__V1__AnnotatedDocument *d = tp_tag(t);
    tp_expect(d, t, "Russian hackers", "RUS");
    tp_expect(d, t, "Indian military officers", "INDMIL");
    tp_expect(d, t, "Canadian state-owned companies", "CANBUS");
    tp_expect(d, t, "Mexican internet users", "MEXCVL");
    Annot__V1__Actor *a = tp_find(d, t, "Indian military officers", 0);
    cr_assert_eq(a->kind, ANNOT__V1__ACTOR_KIND__ACTOR_KIND_GROUP);
    cr_assert_eq(d->n_actors, 4);
    pipeline_result_free(d);
}

Test(actors, country_name_with_role_noun)
{
    const char *t = "The US Department of Justice charged them. Japanese intelligence agencies knew. "
                    "Brazil's foreign ministry and US universities and think tanks reacted.";
    Annot__V1__AnnotatedDocument *d = tp_tag(t);
    tp_expect(d, t, "US Department of Justice", "USAJUD");
    tp_expect(d, t, "Japanese intelligence agencies", "JPNSPY");
    tp_expect(d, t, "Brazil's foreign ministry", "BRAGOV");        /* possessive */
    tp_expect(d, t, "US universities and think tanks", "USAEDU"); /* coordination */
    pipeline_result_free(d);
}

Test(actors, possessive)
{
    const char *t = "Japan's economy grew. Kenya’s president spoke.";
    Annot__V1__AnnotatedDocument *d = tp_tag(t);
    tp_expect(d, t, "Japan", "JPN");   /* the span leaves out the "'s" */
    tp_expect(d, t, "Kenya’s president", "KENGOV");
    cr_assert_eq(d->n_actors, 2);
    pipeline_result_free(d);
}

/* Words with an apostrophe are found in either spelling (the direct word
 * table sends a U+2019 spelling to the normalising look-up), and so are
 * words with other non-ASCII bytes and words longer than eight bytes. */
Test(actors, apostrophe_spellings)
{
    const char *t = "The Quai d’Orsay answered. Later the Quai d'Orsay wrote to Côte d’Ivoire "
                    "and to Cote d'Ivoire. N’Djamena sent an envoy to the People’s Republic of China.";
    Annot__V1__AnnotatedDocument *d = tp_tag(t);
    tp_expect(d, t, "Quai d’Orsay", "FRAGOV");
    tp_expect(d, t, "Quai d'Orsay", "FRAGOV");
    tp_expect(d, t, "Côte d’Ivoire", "CIV");
    tp_expect(d, t, "Cote d'Ivoire", "CIV");
    tp_expect(d, t, "N’Djamena", "TCD");
    tp_expect(d, t, "People’s Republic of China", "CHN");
    cr_assert_eq(d->n_actors, 6);
    pipeline_result_free(d);
}

Test(actors, hyphenated_pairs)
{
    const char *t = "China-US relations and the India-Pakistan dispute worsened.";
    Annot__V1__AnnotatedDocument *d = tp_tag(t);
    tp_expect(d, t, "China", "CHN");
    tp_expect(d, t, "US", "USA");
    tp_expect(d, t, "India", "IND");
    tp_expect(d, t, "Pakistan", "PAK");
    cr_assert_eq(d->n_actors, 4);
    pipeline_result_free(d);
}

Test(actors, capitals_as_metonyms)
{
    const char *t = "Beijing warned Tokyo on Friday. The talks in Paris failed. The Kremlin and Downing Street "
                    "disagreed, and the White House stayed quiet.";
    Annot__V1__AnnotatedDocument *d = tp_tag(t);
    tp_expect(d, t, "Beijing", "CHN");
    tp_expect(d, t, "Tokyo", "JPN");
    cr_assert_eq(tp_overlapping(d, t, "Paris"), 0);   /* a place after "in" */
    tp_expect(d, t, "Kremlin", "RUSGOV");
    tp_expect(d, t, "Downing Street", "GBRGOV");
    tp_expect(d, t, "White House", "USAGOV");
    pipeline_result_free(d);
}

Test(actors, titles_and_people)
{
    const char *t = "Chinese President Xi Jinping met French Foreign Minister Jean Dupont. "
                    "Later President Obama called Angela Merkel.";
    Annot__V1__AnnotatedDocument *d = tp_tag(t);
    tp_expect(d, t, "Chinese President Xi Jinping", "CHNGOV");
    Annot__V1__Actor *a = tp_find(d, t, "Chinese President Xi Jinping", 0);
    cr_assert_str_eq(a->name, "Xi Jinping");
    cr_assert_eq(a->kind, ANNOT__V1__ACTOR_KIND__ACTOR_KIND_PERSON);
    /* an unknown name after a country and a title */
    tp_expect(d, t, "French Foreign Minister Jean Dupont", "FRAGOV");
    a = tp_find(d, t, "French Foreign Minister Jean Dupont", 0);
    cr_assert_str_eq(a->name, "Jean Dupont");
    tp_expect(d, t, "President Obama", "USAGOV");
    tp_expect(d, t, "Angela Merkel", "DEUGOV");
    cr_assert_eq(d->n_actors, 4);
    pipeline_result_free(d);
}

Test(actors, role_of_country)
{
    const char *t = "A letter from the Ministry of Foreign Affairs of Brazil arrived.";
    Annot__V1__AnnotatedDocument *d = tp_tag(t);
    tp_expect(d, t, "Ministry of Foreign Affairs of Brazil", "BRAGOV");
    cr_assert_eq(d->n_actors, 1);
    pipeline_result_free(d);
}

Test(actors, role_from_context)
{
    const char *t = "Egypt hosted the summit. The Foreign Ministry said the talks went well. "
                    "Later the government denied a report.";
    Annot__V1__AnnotatedDocument *d = tp_tag(t);
    tp_expect(d, t, "Egypt", "EGY");
    tp_expect(d, t, "Foreign Ministry", "EGYGOV");
    tp_expect(d, t, "government", "EGYGOV");
    pipeline_result_free(d);
}

/* A role with no country in its own or the previous sentence takes the
 * document's dominant country, counted over the mentions not taken from
 * context; a person met again by name keeps the code found the first
 * time and serves as the context of the next sentence. */
Test(actors, dominant_country_and_repeated_name)
{
    const char *t = "Kenya's parliament met. Senator Jane Wambui attended. Peru and Chile objected. "
                    "Nothing else happened. Senator Jane Wambui spoke again. The Foreign Ministry replied. "
                    "Peru left. Nothing more was said. The Foreign Ministry later agreed.";
    Annot__V1__AnnotatedDocument *d = tp_tag(t);
    const char *want[][3] = {
        { "Senator Jane Wambui", "0", "KENLEG" }, { "Senator Jane Wambui", "1", "KENLEG" },
        { "Foreign Ministry", "0", "KENGOV" },    { "Foreign Ministry", "1", "PERGOV" },
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        Annot__V1__Actor *a = tp_find(d, t, want[i][0], want[i][1][0] - '0');
        cr_assert_not_null(a, "%s #%s", want[i][0], want[i][1]);
        cr_assert_str_eq(a->code, want[i][2], "%s #%s", want[i][0], want[i][1]);
    }
    cr_assert_eq(d->n_actors, 8);
    pipeline_result_free(d);
}

Test(actors, role_without_any_country_is_dropped)
{
    const char *t = "The government denied a report.";
    Annot__V1__AnnotatedDocument *d = tp_tag(t);
    cr_assert_eq(d->n_actors, 0);
    pipeline_result_free(d);
}

Test(actors, international_bodies)
{
    const char *t = "NATO and the World Bank met the African Union. NATO forces and UN peacekeepers arrived; "
                    "the EU and ASEAN watched.";
    Annot__V1__AnnotatedDocument *d = tp_tag(t);
    tp_expect(d, t, "NATO", "IGONAT");
    tp_expect(d, t, "World Bank", "IGOWBK");
    tp_expect(d, t, "African Union", "IGOAFU");
    tp_expect(d, t, "NATO forces", "IGONATMIL");
    tp_expect(d, t, "UN peacekeepers", "IGOUNOMIL");
    tp_expect(d, t, "EU", "IGOEUR");
    tp_expect(d, t, "ASEAN", "IGOASN");
    pipeline_result_free(d);
}

Test(actors, organisations_of_a_country)
{
    const char *t = "The US NSA and Huawei traded claims; Xinhua and the Brookings Institution reported it.";
    Annot__V1__AnnotatedDocument *d = tp_tag(t);
    tp_expect(d, t, "US NSA", "USASPY");   /* the country folds into its own agency */
    tp_expect(d, t, "Huawei", "CHNBUS");
    tp_expect(d, t, "Xinhua", "CHNMED");
    tp_expect(d, t, "Brookings Institution", "USAEDU");
    cr_assert_eq(d->n_actors, 4);
    pipeline_result_free(d);
}

Test(actors, blockers)
{
    const char *t = "Ships crossed the South China Sea near the Korean Peninsula, paid in US dollars.";
    Annot__V1__AnnotatedDocument *d = tp_tag(t);
    cr_assert_eq(d->n_actors, 0, "got %zu mentions", d->n_actors);
    pipeline_result_free(d);
}

Test(actors, generic_references_are_no_mentions)
{
    const char *t = "Both sides said the two countries would keep talking.";
    Annot__V1__AnnotatedDocument *d = tp_tag(t);
    cr_assert_eq(d->n_actors, 0);
    pipeline_result_free(d);
}

Test(actors, extra_files_and_malformed_lines)
{
    char path[] = "/tmp/test_actors_XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    FILE *fp = fdopen(fd, "w");
    cr_assert_not_null(fp);
    fputs("# a user dictionary\n"
          "this line is malformed\n"
          "XYZGOV | ORGANIZATION | Ministry of Zorbs | Ministry of Zorbs; MoZ\n"
          "QQQ | NOTAKIND | Broken | Broken\n", fp);
    fclose(fp);
    char ini[512];
    snprintf(ini, sizeof ini, "[daemon]\nplugins = actors\n[plugin.actors]\nextra_files = %s\n", path);
    pipeline *p = NULL;
    int rc = pipeline_new_from_string(&p, ini, tp_err, sizeof tp_err);
    cr_assert_eq(rc, 0, "%s", tp_err);
    const char *t = "The Ministry of Zorbs and the MoZ met China. Broken things.";
    Annot__V1__AnnotatedDocument *d = pipeline_tag_text(p, t);
    cr_assert_not_null(d);
    tp_expect(d, t, "Ministry of Zorbs", "XYZGOV");
    tp_expect(d, t, "MoZ", "XYZGOV");
    tp_expect(d, t, "China", "CHN");    /* the shipped files still load */
    cr_assert_eq(d->n_actors, 3);
    pipeline_result_free(d);
    pipeline_release(&p);
    unlink(path);
}

Test(actors, missing_extra_file_is_an_error)
{
    pipeline *p = NULL;
    int rc = pipeline_new_from_string(&p,
        "[daemon]\nplugins = actors\n[plugin.actors]\nextra_files = /nonexistent/actors.txt\n",
        tp_err, sizeof tp_err);
    cr_assert_neq(rc, 0);
    cr_assert_not_null(strstr(tp_err, "/nonexistent/actors.txt"), "%s", tp_err);
    pipeline_release(&p);
}

Test(actors, coordinated_adjectives)
{
    const char *t = "Chinese and American officials met in Geneva, and Japanese and US diplomats followed.";
    Annot__V1__AnnotatedDocument *d = tp_tag(t);
    tp_expect(d, t, "Chinese", "CHNGOV");
    tp_expect(d, t, "American officials", "USAGOV");
    tp_expect(d, t, "Japanese", "JPNGOV");
    tp_expect(d, t, "US diplomats", "USAGOV");
    cr_assert_eq(d->n_actors, 4);
    pipeline_result_free(d);
}

Test(actors, adjective_in_hyphenated_pair)
{
    const char *t = "Sino-American ties and US-Indian trade improved, said a Korean-American writer.";
    Annot__V1__AnnotatedDocument *d = tp_tag(t);
    tp_expect(d, t, "Sino", "CHN");
    tp_expect(d, t, "American", "USA");
    tp_expect(d, t, "US", "USA");
    tp_expect(d, t, "Indian", "IND");
    cr_assert_eq(tp_overlapping(d, t, "Korean-American"), 0);
    cr_assert_eq(d->n_actors, 4);
    pipeline_result_free(d);
}

Test(actors, people_as_a_nation)
{
    const char *t = "The French said no, and the Japanese will decide. The British economy grew; "
                    "Americans voted.";
    Annot__V1__AnnotatedDocument *d = tp_tag(t);
    tp_expect(d, t, "French", "FRA");
    tp_expect(d, t, "Japanese", "JPN");
    tp_expect(d, t, "Americans", "USA");
    cr_assert_eq(tp_overlapping(d, t, "British"), 0);
    cr_assert_eq(d->n_actors, 3);
    pipeline_result_free(d);
}

Test(actors, capital_inside_a_longer_name)
{
    const char *t = "They signed the Budapest Convention. Moscow objected.";
    Annot__V1__AnnotatedDocument *d = tp_tag(t);
    cr_assert_eq(tp_overlapping(d, t, "Budapest"), 0);
    tp_expect(d, t, "Moscow", "RUS");
    cr_assert_eq(d->n_actors, 1);
    pipeline_result_free(d);
}

Test(actors, honorific_person_from_context)
{
    const char *t = "Kenya hosted the meeting. Mr. Otieno Kamau, who chaired it, spoke first.";
    Annot__V1__AnnotatedDocument *d = tp_tag(t);
    tp_expect(d, t, "Mr. Otieno Kamau", "KEN");
    Annot__V1__Actor *a = tp_find(d, t, "Mr. Otieno Kamau", 0);
    cr_assert_str_eq(a->name, "Otieno Kamau");
    cr_assert_eq(a->kind, ANNOT__V1__ACTOR_KIND__ACTOR_KIND_PERSON);
    pipeline_result_free(d);
}

Test(actors, title_before_an_organisation_name_is_a_person_only)
{
    const char *t = "The US General Services Administration issued rules.";
    Annot__V1__AnnotatedDocument *d = tp_tag(t);
    tp_expect(d, t, "US", "USA");
    cr_assert_eq(d->n_actors, 1);
    pipeline_result_free(d);
}

Test(actors, body_title_and_person)
{
    const char *t = "NATO Secretary General Jens Stoltenberg spoke after UN Secretary-General Antonio Guterres.";
    Annot__V1__AnnotatedDocument *d = tp_tag(t);
    tp_expect(d, t, "NATO Secretary General Jens Stoltenberg", "IGONAT");
    tp_expect(d, t, "UN Secretary-General Antonio Guterres", "IGOUNO");
    cr_assert_eq(d->n_actors, 2);
    pipeline_result_free(d);
}

Test(actors, allies_of_a_country_are_not_that_country)
{
    const char *t = "America's allies in Europe worried.";
    Annot__V1__AnnotatedDocument *d = tp_tag(t);
    tp_expect(d, t, "America", "USA");
    cr_assert_eq(d->n_actors, 1);
    pipeline_result_free(d);
}

Test(actors, all_capitals_headline)
{
    const char *t = "US SAYS CHINA HACKED AGENCIES";
    Annot__V1__AnnotatedDocument *d = tp_tag(t);
    tp_expect(d, t, "US", "USA");
    tp_expect(d, t, "CHINA", "CHN");
    cr_assert_eq(d->n_actors, 2);
    pipeline_result_free(d);
}

Test(actors, quoted_titles_hold_no_actors)
{
    const char *t = "Analysts wrote the report \"Trade Policy and US-Japan Relations\" last year. "
                    "\"Japan must act,\" the US said.";
    Annot__V1__AnnotatedDocument *d = tp_tag(t);
    cr_assert_eq(tp_overlapping(d, t, "US-Japan"), 0);
    Annot__V1__Actor *a = tp_find(d, t, "Japan", 1);
    cr_assert_not_null(a);
    cr_assert_str_eq(a->code, "JPN");
    cr_assert_not_null(tp_find(d, t, "US", 1));
    cr_assert_eq(d->n_actors, 2);
    pipeline_result_free(d);
}

Test(actors, people_beside_their_organisation)
{
    const char *t = "Jane Q. Roe, a senior fellow at the Brookings Institution, disagreed. "
                    "So did Director John Doe of the FBI. The Deputy Director of the FBI declined.";
    Annot__V1__AnnotatedDocument *d = tp_tag(t);
    tp_expect(d, t, "Jane Q. Roe", "USAEDU");
    Annot__V1__Actor *a = tp_find(d, t, "Jane Q. Roe", 0);
    cr_assert_eq(a->kind, ANNOT__V1__ACTOR_KIND__ACTOR_KIND_PERSON);
    cr_assert_str_eq(a->name, "Jane Q. Roe");
    tp_expect(d, t, "John Doe", "USACOP");
    cr_assert_eq(tp_overlapping(d, t, "Deputy Director"), 0);
    pipeline_result_free(d);
}

Test(actors, surname_after_full_name)
{
    const char *t = "French Foreign Minister Jean Dupont arrived. Dupont said the talks were useful.";
    Annot__V1__AnnotatedDocument *d = tp_tag(t);
    tp_expect(d, t, "French Foreign Minister Jean Dupont", "FRAGOV");
    Annot__V1__Actor *a = tp_find(d, t, "Dupont", 1);
    cr_assert_not_null(a);
    cr_assert_str_eq(a->code, "FRAGOV");
    cr_assert_str_eq(a->name, "Jean Dupont");
    cr_assert_eq(d->n_actors, 2);
    pipeline_result_free(d);
}

Test(actors, clause_after_a_name_is_no_appositive)
{
    const char *t = "The Green League, which won a majority of the Bundestag seats, celebrated.";
    Annot__V1__AnnotatedDocument *d = tp_tag(t);
    cr_assert_eq(tp_overlapping(d, t, "Green League"), 0);
    pipeline_result_free(d);
}

Test(actors, quoted_title_closed_after_a_comma)
{
    const char *t = "According to the report \"Germany's Trade and Energy Security 2020,\" released in May, "
                    "Berlin hesitated.";
    Annot__V1__AnnotatedDocument *d = tp_tag(t);
    cr_assert_eq(tp_overlapping(d, t, "Germany"), 0);
    tp_expect(d, t, "Berlin", "DEU");
    cr_assert_eq(d->n_actors, 1);
    pipeline_result_free(d);
}

Test(actors, honorific_person_with_an_organisation)
{
    const char *t = "Brazil sent a team. Mr. Paulo Lima, the director of the Federal Bureau of Investigation, "
                    "met them.";
    Annot__V1__AnnotatedDocument *d = tp_tag(t);
    tp_expect(d, t, "Mr. Paulo Lima", "USACOP");
    pipeline_result_free(d);
}

Test(actors, capital_inside_a_person_name)
{
    const char *t = "Trade Minister Paulo Lima met Peru's envoy. On Monday Lima said nothing.";
    Annot__V1__AnnotatedDocument *d = tp_tag(t);
    cr_assert_null(tp_find(d, t, "Lima", 0));
    tp_expect(d, t, "Peru's envoy", "PERGOV");
    /* a day name before a capital does not make it a name */
    Annot__V1__Actor *a = tp_find(d, t, "Lima", 1);
    cr_assert_not_null(a);
    cr_assert_str_eq(a->code, "PER");
    pipeline_result_free(d);
}

Test(actors, title_and_unknown_name_take_the_context_country)
{
    const char *t = "Kenya's parliament met. Senator Jane Wambui and Admiral Otieno Kamau attended "
                    "the Sultan Qaboos Grand Mosque opening.";
    Annot__V1__AnnotatedDocument *d = tp_tag(t);
    tp_expect(d, t, "Senator Jane Wambui", "KENLEG");
    tp_expect(d, t, "Admiral Otieno Kamau", "KENMIL");
    cr_assert_eq(tp_overlapping(d, t, "Qaboos"), 0);
    pipeline_result_free(d);
}

Test(actors, seat_used_for_a_location_adjective)
{
    const char *t = "A Moscow-based group hacked the site; Moscow denied it.";
    Annot__V1__AnnotatedDocument *d = tp_tag(t);
    cr_assert_null(tp_find(d, t, "Moscow", 0));
    cr_assert_not_null(tp_find(d, t, "Moscow", 1));
    cr_assert_eq(d->n_actors, 1);
    pipeline_result_free(d);
}

/* Write text to path; the test fails when it cannot. */
static void tp_write(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    cr_assert_not_null(fp);
    fputs(text, fp);
    fclose(fp);
}

Test(actors, reload_reads_the_dictionaries_again)
{
    char path[] = "/tmp/test_actors_reload_XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    close(fd);
    char ini[512];
    snprintf(ini, sizeof ini, "[daemon]\nplugins = actors\n[plugin.actors]\nextra_files = %s\n", path);
    const char *t = "The Zorb Council met.";
    tp_write(path, "ZRBGOV | ORGANIZATION | Zorb Council | Zorb Council\n");
    pipeline *p = NULL;
    cr_assert_eq(pipeline_new_from_string(&p, ini, tp_err, sizeof tp_err), 0, "%s", tp_err);
    Annot__V1__AnnotatedDocument *d = pipeline_tag_text(p, t);
    tp_expect(d, t, "Zorb Council", "ZRBGOV");
    pipeline_result_free(d);
    pipeline_release(&p);
    /* the file changes; a new instance (what SIGHUP builds) sees the change */
    tp_write(path, "ZRBMIL | ORGANIZATION | Zorb Council | Zorb Council\n");
    cr_assert_eq(pipeline_new_from_string(&p, ini, tp_err, sizeof tp_err), 0, "%s", tp_err);
    d = pipeline_tag_text(p, t);
    tp_expect(d, t, "Zorb Council", "ZRBMIL");
    pipeline_result_free(d);
    pipeline_release(&p);
    unlink(path);
}

Test(actors, counterparts_share_the_role_named_before)
{
    const char *t = "American scholars met their Chinese counterparts in Hawaii.";
    Annot__V1__AnnotatedDocument *d = tp_tag(t);
    tp_expect(d, t, "American scholars", "USAEDU");
    tp_expect(d, t, "Chinese counterparts", "CHNEDU");
    pipeline_result_free(d);
}

Test(actors, acronym_in_brackets_names_the_organisation_again)
{
    const char *t = "The Atlantic Council (ACNL) published it. Later ACNL changed its view.";
    Annot__V1__AnnotatedDocument *d = tp_tag(t);
    tp_expect(d, t, "Atlantic Council", "USAEDU");
    Annot__V1__Actor *a = tp_find(d, t, "ACNL", 0);
    cr_assert_not_null(a);
    cr_assert_str_eq(a->code, "USAEDU");
    a = tp_find(d, t, "ACNL", 1);
    cr_assert_not_null(a);
    cr_assert_str_eq(a->name, "Atlantic Council");
    cr_assert_eq(d->n_actors, 3);
    pipeline_result_free(d);
}

Test(actors, speech_cues_from_a_user_dictionary)
{
    char path[] = "/tmp/test_actors_cues_XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    close(fd);
    tp_write(path, "+ | PERSON | person | said=; written by=\n");
    char ini[512];
    snprintf(ini, sizeof ini, "[daemon]\nplugins = actors\n[plugin.actors]\nextra_files = %s\n", path);
    pipeline *p = NULL;
    cr_assert_eq(pipeline_new_from_string(&p, ini, tp_err, sizeof tp_err), 0, "%s", tp_err);
    const char *t = "Chile protested. Ana Rojas and Luis Vera said the plan failed, "
                    "in a paper written by Ana Rojas. Chile said no.";
    Annot__V1__AnnotatedDocument *d = pipeline_tag_text(p, t);
    tp_expect(d, t, "Ana Rojas", "CHL");
    tp_expect(d, t, "Luis Vera", "CHL");
    cr_assert_not_null(tp_find(d, t, "Ana Rojas", 1));
    /* a speech cue never joins a country: "Chile said" is just Chile */
    Annot__V1__Actor *a = tp_find(d, t, "Chile", 1);
    cr_assert_not_null(a);
    cr_assert_str_eq(a->code, "CHL");
    pipeline_result_free(d);
    pipeline_release(&p);
    unlink(path);
}

Test(actors, blocked_phrases_and_kurdish_party)
{
    const char *t = "Chinese public health officials met Tunisian public offices staff. "
                    "The Kurdistan Workers' Party (PKK) is banned; the Hungarian \"outward investment\" grew.";
    Annot__V1__AnnotatedDocument *d = tp_tag(t);
    tp_expect(d, t, "Chinese public health officials", "CHNGOV");
    cr_assert_eq(tp_overlapping(d, t, "Tunisian"), 0);
    tp_expect(d, t, "Kurdistan Workers' Party", "IMG");
    cr_assert_eq(tp_overlapping(d, t, "Hungarian"), 0);
    pipeline_result_free(d);
}

Test(actors, seat_with_possessive_role)
{
    const char *t = "Beijing's foreign ministry and Moscow's military both replied.";
    Annot__V1__AnnotatedDocument *d = tp_tag(t);
    tp_expect(d, t, "Beijing's foreign ministry", "CHNGOV");
    tp_expect(d, t, "Moscow's military", "RUSMIL");
    cr_assert_eq(d->n_actors, 2);
    pipeline_result_free(d);
}

Test(actors, names_written_with_the)
{
    const char *t = "The Guardian reported that The Gambia and Gambia's neighbours met in The Hague. "
                    "Hague is a surname.";
    Annot__V1__AnnotatedDocument *d = tp_tag(t);
    tp_expect(d, t, "Guardian", "GBRMED");
    tp_expect(d, t, "Gambia", "GMB");
    cr_assert_not_null(tp_find(d, t, "Gambia", 1));
    cr_assert_eq(tp_overlapping(d, t, "The Hague"), 0);   /* a place after "in" */
    cr_assert_eq(tp_overlapping(d, t, "Hague is"), 0);
    pipeline_result_free(d);
}
