/* Tests of the sentiment plugin through the real host: one test per rule,
 * with sentences written for these tests. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pipeline.h"

static char sent_tmpdir[256];

/* Build a pipeline of actors + sentiment with extra INI text.  When the
 * actors plugin cannot start yet (its data not shipped), fall back to an
 * actors instance reading empty dictionaries, so the sentiment rules are still
 * tested. */
static pipeline *mk(const char *extra)
{
    char ini[2048], err[512];
    pipeline *p = NULL;
    snprintf(ini, sizeof ini, "[daemon]\nplugins = actors, sentiment\n%s", extra ? extra : "");
    if (pipeline_new_from_string(&p, ini, err, sizeof err) == 0)
        return p;
    if (!sent_tmpdir[0]) {
        snprintf(sent_tmpdir, sizeof sent_tmpdir, "/tmp/test_sentiment_actors_XXXXXX");
        cr_assert_not_null(mkdtemp(sent_tmpdir));
        const char *files[] = {"countries.txt", "igos.txt", "roles.txt", "organizations.txt",
                               "people.txt", "blockers.txt"};
        for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
            char path[512];
            snprintf(path, sizeof path, "%s/%s", sent_tmpdir, files[i]);
            FILE *f = fopen(path, "w");
            cr_assert_not_null(f);
            fputs("# empty\n", f);
            fclose(f);
        }
    }
    snprintf(ini, sizeof ini,
             "[daemon]\nplugins = actors, sentiment\n[plugin.actors]\ndata_dir = %s\n%s",
             sent_tmpdir, extra ? extra : "");
    int rc = pipeline_new_from_string(&p, ini, err, sizeof err);
    cr_assert_eq(rc, 0, "%s", err);
    return p;
}

/* Document compound of a text. */
static double doc_compound(pipeline *p, const char *text)
{
    Annot__V1__AnnotatedDocument *d = pipeline_tag_text(p, text);
    cr_assert_not_null(d);
    double c = d->sentiment ? d->sentiment->compound : 0.0;
    pipeline_result_free(d);
    return c;
}

/* Compound of a one-sentence text, via the default pipeline. */
static double cmp1(const char *text)
{
    pipeline *p = mk(NULL);
    double c = doc_compound(p, text);
    pipeline_release(&p);
    return c;
}

Test(sentiment, loads)
{
    pipeline *p = mk(NULL);
    cr_assert_not_null(p);
    pipeline_release(&p);
}

Test(sentiment, polarity_from_lexicon)
{
    cr_expect_gt(cmp1("The agreement was a great success for both sides."), 0.05);
    cr_expect_lt(cmp1("The attack killed dozens of villagers and destroyed the bridge."), -0.05);
    cr_expect_float_eq(cmp1("The committee met on Tuesday in the capital."), 0.0, 1e-9);
}

Test(sentiment, politics_and_diplomacy_vocabulary)
{
    cr_expect_gt(cmp1("The ministers pledged deeper cooperation."), 0.05);
    cr_expect_lt(cmp1("The report described years of espionage."), -0.05);
    cr_expect_lt(cmp1("The new sanctions froze their assets."), -0.05);
    cr_expect_lt(cmp1("Critics warned against regional hegemony."), -0.05);
}

Test(sentiment, negation_flips_sign)
{
    double pos = cmp1("The talks were helpful.");
    double neg = cmp1("The talks were not helpful.");
    cr_expect_gt(pos, 0.05);
    cr_expect_lt(neg, -0.05);
    cr_expect_lt(cmp1("The ministry was never transparent about the budget."), -0.05);
    cr_expect_lt(cmp1("There was no progress at the meeting."), -0.05);
    cr_expect_lt(cmp1("The envoys didn't reach a compromise."), -0.05);
    /* a negated negative term is mildly positive */
    double nb = cmp1("The harvest was not bad.");
    cr_expect_gt(nb, 0.0);
    cr_expect_lt(nb, fabs(cmp1("The harvest was bad.")));
}

Test(sentiment, negation_scope_ends_at_clause)
{
    /* "not" does not reach past the comma */
    cr_expect_gt(cmp1("He did not attend, and the meeting was productive."), 0.05);
    /* "not only" is no negation */
    cr_expect_gt(cmp1("The deal is not only fair but also generous."), 0.05);
}

Test(sentiment, negation_reaches_five_words)
{
    /* a negator reaches past a short phrase after it (five words) */
    cr_expect_lt(cmp1("Nobody on the city council trusted the mayor."), -0.05);
    cr_expect_gt(cmp1("Everybody on the city council trusted the mayor."), 0.05);
    /* "anything but" negates */
    cr_expect_lt(cmp1("The scheme is anything but a success."), -0.05);
    cr_expect_gt(cmp1("The scheme is anything but a disaster."),
                 cmp1("The scheme is a disaster."));
}

Test(sentiment, bare_negation_leans_negative)
{
    cr_expect_float_eq(cmp1("The minister attended the ceremony."), 0.0, 1e-9);
    cr_expect_lt(cmp1("The minister did not attend the ceremony."), -0.05);
    /* a reversal verb with nothing to act on is no negation */
    cr_expect_float_eq(cmp1("The session will end on Friday."), 0.0, 1e-9);
}

Test(sentiment, reversal_verbs_turn_their_object)
{
    cr_expect_lt(cmp1("Poverty in the region is severe."), -0.05);
    cr_expect_gt(cmp1("The programme helped reduce poverty in the region."), 0.05);
    cr_expect_gt(cmp1("The new law will prevent violence at polling stations."), 0.05);
    cr_expect_lt(cmp1("The budget will cut benefits for farmers."), -0.05);
    /* a counterfactual denies what follows */
    cr_expect_lt(cmp1("The new rules should have helped farmers."), -0.05);
}

Test(sentiment, a_reverser_before_a_negation_and_end_in)
{
    /* "ended without X": the negation takes X, the reverser nothing */
    cr_expect_lt(cmp1("The strike ended without agreement."), -0.05);
    cr_expect_gt(cmp1("The march ended without violence."), 0.05);
    /* the other order turns twice */
    cr_expect_lt(cmp1("The police failed to prevent violence."), -0.05);
    /* "ended in", "ended with": the outcome follows */
    cr_expect_gt(cmp1("The talks ended in agreement."), 0.05);
    cr_expect_lt(cmp1("The talks ended in failure."), -0.05);
    cr_expect_gt(cmp1("The treaty ended the war."), 0.05);
}

Test(sentiment, harm_to_something_good_is_bad)
{
    cr_expect_gt(cmp1("Democracy in the country is strong."), 0.05);
    cr_expect_lt(cmp1("The ruling is a threat to democracy."), -0.05);
    cr_expect_lt(cmp1("The affair caused a loss of public trust."),
                 cmp1("The affair caused a loss."));
}

Test(sentiment, direction_words)
{
    cr_expect_lt(cmp1("Unemployment in the province is high."), -0.05);
    cr_expect_gt(cmp1("Unemployment in the province fell last year."), 0.05);
    /* the subject may carry a phrase of a few words */
    cr_expect_gt(cmp1("Unemployment in the northern coastal provinces fell."), 0.05);
    cr_expect_lt(cmp1("Trust in the national rail operator fell."), -0.05);
    cr_expect_lt(cmp1("Violence escalated in the border towns."),
                 cmp1("Violence was reported in the border towns."));
}

Test(sentiment, excess_and_claims)
{
    cr_expect_gt(cmp1("The offer was generous."), 0.05);
    cr_expect_lt(cmp1("The offer was too generous."), -0.05);
    cr_expect_lt(cmp1("The ministry insists the plan is a success."),
                 cmp1("The plan is a success."));
}

Test(sentiment, names_weigh_little)
{
    /* "Hope" inside a name ("Hope Street") is not hope */
    cr_expect_lt(fabs(cmp1("The office on Hope Street Station closed early.")),
                 fabs(cmp1("The office offered hope and closed early.")));
}

Test(sentiment, intensifiers_and_hedges)
{
    double base = cmp1("The decision was wrong.");
    double boosted = cmp1("The decision was seriously wrong.");
    double hedged = cmp1("The decision was slightly wrong.");
    cr_expect_lt(base, -0.05);
    cr_expect_lt(boosted, base);
    cr_expect_gt(hedged, base);
    cr_expect_lt(hedged, 0.0);
    cr_expect_gt(cmp1("Relations greatly improved."), cmp1("Relations improved."));
    /* after the term, too */
    cr_expect_lt(cmp1("The envoy was criticized sharply."), cmp1("The envoy was criticized."));
    /* a negative adverb before a positive term is a degree word */
    cr_expect_gt(cmp1("The plan was terribly clever."), cmp1("The plan was clever."));
}

Test(sentiment, ly_adjectives_are_not_degree_words)
{
    /* "costly" is an adjective made from a noun: it keeps its own valence
     * and does not intensify the term after it */
    cr_expect_lt(cmp1("The launch was a costly success."), cmp1("The launch was a success."));
    cr_expect_lt(cmp1("Officials called it a deadly gift to the rebels."),
                 cmp1("Officials called it a gift to the rebels."));
    cr_expect_lt(cmp1("Critics called it a cowardly compromise."), 0.0);
    /* an -ly word that is no adverb of a listed adjective ("ghastly") neither */
    cr_expect_lt(cmp1("The hotel was a ghastly success."), cmp1("The hotel was a success."));
    /* adverbs made from negative adjectives still are */
    cr_expect_gt(cmp1("The plan was awfully clever."), cmp1("The plan was clever."));
}

Test(sentiment, contrast_but_weighs_second_clause)
{
    cr_expect_lt(cmp1("The plan is ambitious, but the funding is inadequate."), -0.05);
    cr_expect_gt(cmp1("The funding is inadequate, but the plan is ambitious."), 0.05);
    cr_expect_lt(cmp1("The plan is ambitious; however, the funding is inadequate."), -0.05);
}

Test(sentiment, contrast_across_the_full_stop)
{
    /* a sentence opening with "But"/"However" outweighs the one before */
    cr_expect_gt(cmp1("The new levy is flawed. But it is a real improvement."), 0.05);
    cr_expect_lt(cmp1("The new levy is a real improvement. But it is flawed."), -0.05);
    cr_expect_lt(cmp1("The plan is bold. However, the funding is inadequate."), -0.05);
    /* without the contrast word the two simply add up */
    cr_expect_lt(cmp1("The new levy is a real improvement. But it is flawed."),
                 cmp1("The new levy is a real improvement. It is flawed."));
    cr_expect_gt(cmp1("The new levy is flawed. But it is a real improvement."),
                 cmp1("The new levy is flawed. It is a real improvement."));
}

Test(sentiment, contrast_although_discounts_its_clause)
{
    cr_expect_lt(cmp1("Although the talks were cordial, the outcome was disappointing."), -0.05);
    cr_expect_gt(cmp1("Although the outcome was disappointing, the talks were cordial."), 0.05);
}

Test(sentiment, multi_word_expressions)
{
    cr_expect_gt(cmp1("The two governments built mutual trust."), 0.05);
    cr_expect_lt(cmp1("The police cracked down on the students."), -0.05);
    /* names made of loaded words stay neutral */
    cr_expect_float_eq(cmp1("The United States held a meeting."), 0.0, 1e-9);
    /* hyphenated entries match across the hyphen */
    cr_expect_gt(cmp1("They announced a cease-fire."), 0.05);
}

Test(sentiment, phrasal_verbs_and_set_phrases)
{
    /* the particle makes the sense: "wiped out" is destruction */
    cr_expect_lt(cmp1("The hailstorm wiped out the orchards along the valley."), -0.05);
    cr_expect_lt(cmp1("The hailstorm wiped out the savings of the growers."), -0.05);
    cr_expect_lt(cmp1("The mayor's tenants deserved better."), -0.05);
    cr_expect_lt(cmp1("The summit was a missed opportunity."), -0.05);
    cr_expect_lt(cmp1("The verdict is a blow to the freedom of the press."), -0.05);
    cr_expect_gt(cmp1("The new ferry transformed life on the island."), 0.05);
    cr_expect_gt(cmp1("The negotiators made headway on the fishing rules."), 0.05);
    cr_expect_lt(cmp1("Talks between the unions and the rail company broke down on Friday."),
                 -0.05);
    cr_expect_lt(cmp1("The governor brushed aside the questions."), -0.05);
    cr_expect_gt(cmp1("Tourism bounced back this summer."), 0.05);
}

Test(sentiment, topic_words_of_reports_stay_near_neutral)
{
    /* the words that name the event of a report are not verdicts */
    cr_expect_float_eq(cmp1("The treaty was signed in Oslo and ratified a year later."), 0.0,
                       1e-9);
    cr_expect_float_eq(cmp1("The council agreed to review the plan on Monday."), 0.0, 1e-9);
    cr_expect_float_eq(cmp1("A spokesman declined to comment."), 0.0, 1e-9);
    cr_expect_gt(cmp1("Police arrested two men on Friday."), -0.2);
    /* the words that judge the event still do */
    cr_expect_lt(cmp1("Police arrested hundreds of peaceful protesters in a brutal crackdown."),
                 -0.5);
    cr_expect_gt(cmp1("Both sides agreed with the envoy's fair and generous offer."), 0.5);
}

Test(sentiment, unlikely_and_too_late_negate_what_follows)
{
    cr_expect_lt(cmp1("The new levy is unlikely to help the farmers."), -0.05);
    cr_expect_gt(cmp1("The new levy is likely to help the farmers."), 0.05);
    cr_expect_lt(cmp1("The money arrived too late to save the old mill."), -0.05);
    cr_expect_gt(cmp1("The money arrived in time to save the old mill."), 0.05);
    /* with nothing to negate, "too late" is still a complaint */
    cr_expect_lt(cmp1("The apology came too late."), -0.05);
}

Test(sentiment, transforming_something_bad_is_good)
{
    cr_expect_gt(cmp1("The volunteers transformed a derelict lot into a garden."), 0.05);
    cr_expect_gt(cmp1("The volunteers transformed the lot."), 0.05);
    cr_expect_gt(cmp1("The volunteers transformed a derelict lot."),
                 cmp1("The volunteers found a derelict lot."));
}

Test(sentiment, idioms_of_doubt)
{
    cr_expect_lt(cmp1("The ministry calls the scheme a success, but the accounts tell a "
                      "different story."),
                 -0.05);
    cr_expect_lt(cmp1("Among the villagers, patience is wearing thin."), -0.05);
    cr_expect_lt(cmp1("Whether the levy will last is an open question."), -0.05);
}

Test(sentiment, yet_to_negates)
{
    cr_expect_lt(cmp1("The new council has yet to win the trust of the residents."), -0.05);
    cr_expect_gt(cmp1("The new council has won the trust of the residents."), 0.05);
}

Test(sentiment, groups_named_by_their_plight_are_topics)
{
    /* helping "the homeless" is praise; "homeless" is no verdict here */
    cr_expect_gt(cmp1("The volunteers have done much to help the homeless."), 0.3);
    cr_expect_float_eq(cmp1("The city gave poor families free bus passes."), 0.0, 0.25);
    /* "poor" as a verdict on quality keeps its weight */
    cr_expect_lt(cmp1("The decision was poor."), -0.3);
}

Test(sentiment, process_words_are_no_verdict)
{
    cr_expect_float_eq(cmp1("The summit will be held in Lima in the spring."), 0.0, 1e-9);
    cr_expect_float_eq(cmp1("The ministry released the export figures and the bill passed."),
                       0.0, 1e-9);
    cr_expect_float_eq(cmp1("The bonds are worth 3 billion."), 0.0, 1e-9);
    /* what is said about them still counts */
    cr_expect_gt(cmp1("The talks were constructive and friendly."), 0.3);
    cr_expect_lt(cmp1("The talks were a bitter failure."), -0.3);
}

Test(sentiment, harms_and_services_named_after_them)
{
    /* fewer side effects is good news, more of them bad */
    cr_expect_gt(cmp1("The new drug has far fewer side effects."), 0.05);
    cr_expect_lt(cmp1("The new drug has many side effects."), -0.05);
    /* emergency care is a service: losing it is bad, having it no verdict */
    cr_expect_lt(cmp1("The closure leaves the island without emergency care."), -0.05);
    cr_expect_float_eq(cmp1("The island has emergency care."), 0.0, 1e-9);
    /* a cure is named after its disease */
    cr_expect_float_eq(cmp1("The new cancer drug is available."), 0.0, 0.2);
}

Test(sentiment, verdict_phrases)
{
    /* "unqualified" before "success" is no complaint about skills */
    cr_expect_gt(cmp1("The tram has been an unqualified success."),
                 cmp1("The tram has been a qualified success."));
    cr_expect_gt(cmp1("The council got it right."), 0.3);
    cr_expect_gt(cmp1("Closing the road was the right decision."), 0.3);
    cr_expect_gt(cmp1("The union has a point."), 0.05);
}

Test(sentiment, events_named_as_topics_weigh_little)
{
    cr_expect_lt(fabs(cmp1("The festival opens on Friday.")), 0.15);
    cr_expect_gt(cmp1("The festival was a joyful success."), 0.3);
    cr_expect_gt(cmp1("The army moved its missiles to the border."), -0.3);
    cr_expect_lt(cmp1("The missiles killed dozens of people."), -0.3);
}

Test(sentiment, so_called_and_scare_quotes)
{
    cr_expect_gt(cmp1("It was a peaceful transition."), 0.05);
    cr_expect_lt(cmp1("It was a so-called peaceful transition."), -0.05);
    cr_expect_lt(cmp1("The junta staged a \"peaceful\" transition."), -0.05);
    cr_expect_lt(cmp1("The junta staged a \xE2\x80\x9Cpeaceful\xE2\x80\x9D transition."), -0.05);
    /* a quote after a reporting word is genuine */
    cr_expect_gt(cmp1("The minister described the talks as \"productive\"."), 0.05);
    /* the mocked praise counts in full against its object */
    cr_expect_float_eq(cmp1("The board unveiled its \"generous\" offer."),
                       -cmp1("The board unveiled its generous offer."), 1e-9);
}

Test(sentiment, questions_are_tempered)
{
    double a = cmp1("The agreement is a success.");
    double q = cmp1("Is the agreement a success?");
    cr_expect_gt(q, 0.05);
    cr_expect_lt(q, a);
}

Test(sentiment, exclamation_and_caps_emphasis)
{
    double a = cmp1("The agreement is a success.");
    cr_expect_gt(cmp1("The agreement is a success!"), a);
    cr_expect_gt(cmp1("The agreement is a SUCCESS."), a);
    /* an all-caps sentence is not emphasis word by word */
    cr_expect_float_eq(cmp1("THE AGREEMENT IS A SUCCESS."), a, 1e-9);
}

Test(sentiment, proportions_sum_to_one)
{
    pipeline *p = mk(NULL);
    Annot__V1__AnnotatedDocument *d = pipeline_tag_text(p,
        "The summit was a success. Violence spread in the north. The committee met on Tuesday.");
    cr_assert_not_null(d);
    cr_assert_eq(d->n_sentences, 3);
    for (size_t i = 0; i < d->n_sentences; i++) {
        Annot__V1__Sentiment *s = d->sentences[i]->sentiment;
        cr_assert_not_null(s);
        cr_expect_float_eq(s->positive + s->negative + s->neutral, 1.0, 1e-9);
        cr_expect(s->compound >= -1.0 && s->compound <= 1.0);
        cr_expect(s->positive >= 0 && s->negative >= 0 && s->neutral >= 0);
    }
    cr_expect_gt(d->sentences[0]->sentiment->positive, 0.0);
    cr_expect_gt(d->sentences[1]->sentiment->negative, 0.0);
    cr_expect_float_eq(d->sentences[2]->sentiment->neutral, 1.0, 1e-9);
    Annot__V1__Sentiment *s = d->sentiment;
    cr_assert_not_null(s);
    cr_expect_float_eq(s->positive + s->negative + s->neutral, 1.0, 1e-9);
    pipeline_result_free(d);
    pipeline_release(&p);
}

Test(sentiment, document_compound)
{
    pipeline *p = mk(NULL);
    cr_expect_gt(doc_compound(p, "The reform was a success. Wages rose. Families welcomed it."),
                 0.05);
    cr_expect_lt(doc_compound(p, "The war dragged on. Hunger spread. Talks collapsed."), -0.05);
    /* a long neutral text with one mild word stays milder than that word alone */
    double one = doc_compound(p, "The plan was sensible.");
    double diluted = doc_compound(p,
        "The plan was sensible. The committee met on Tuesday in the capital. The delegates "
        "arrived by train from the coast. They discussed the schedule for the next round "
        "of meetings in the spring.");
    cr_expect_gt(diluted, 0.0);
    cr_expect_lt(diluted, one);
    pipeline_release(&p);
}

Test(sentiment, extra_lexicons_add_and_override)
{
    char path[] = "/tmp/test_sentiment_lex_XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    const char *body = "# test lexicon\nwidget\t3\nsuccess\t-3\nthis line is malformed\n"
                       "gizmo\t9\nquiet harbour\t2.5\n";
    cr_assert_eq(write(fd, body, strlen(body)), (ssize_t)strlen(body));
    close(fd);
    cr_expect_float_eq(cmp1("The widget arrived."), 0.0, 1e-9);
    char extra[512];
    snprintf(extra, sizeof extra, "[plugin.sentiment]\nextra_lexicons = %s\n", path);
    pipeline *p = mk(extra);
    cr_expect_gt(doc_compound(p, "The widget arrived."), 0.05);
    cr_expect_lt(doc_compound(p, "The agreement is a success."), -0.05);
    cr_expect_float_eq(doc_compound(p, "The gizmo arrived."), 0.0, 1e-9); /* out of range */
    cr_expect_gt(doc_compound(p, "They reached a quiet harbour."), 0.05);
    pipeline_release(&p);
    unlink(path);
}

/* Write body to a new temporary file; path receives its name (a
 * "/tmp/test_sentiment_X_XXXXXX" template). */
static void write_tmp(char *path, const char *body)
{
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    cr_assert_eq(write(fd, body, strlen(body)), (ssize_t)strlen(body));
    close(fd);
}

/* Document compound of a text under a pipeline whose sentiment section is
 * `section` (INI lines). */
static double cmp_with(const char *section, const char *text)
{
    char extra[1024];
    snprintf(extra, sizeof extra, "[plugin.sentiment]\n%s", section);
    pipeline *p = mk(extra);
    double c = doc_compound(p, text);
    pipeline_release(&p);
    return c;
}

Test(sentiment, extra_rules_add_a_negator_and_an_intensifier)
{
    char path[] = "/tmp/test_sentiment_rules_XXXXXX", opt[256];
    write_tmp(path, "# my rules\nnegator\tnary\nboost\tsooo\t2\nnone\tvery\n");
    snprintf(opt, sizeof opt, "extra_rules = %s\n", path);
    /* a new negator turns the term after it */
    cr_expect_gt(cmp1("The visit brought nary progress."), 0.05);
    cr_expect_lt(cmp_with(opt, "The visit brought nary progress."), -0.05);
    /* a new intensifier raises the term it precedes */
    double plain = cmp1("The talks were sooo helpful.");
    cr_expect_gt(cmp_with(opt, "The talks were sooo helpful."), plain + 0.05);
    /* kind none removes the role of a shipped rule word */
    double very = cmp1("The talks were very helpful.");
    cr_expect_gt(very, plain + 0.02);
    cr_expect_float_eq(cmp_with(opt, "The talks were very helpful."), plain, 1e-9);
    unlink(path);
}

Test(sentiment, rules_option_replaces_the_shipped_file)
{
    char path[] = "/tmp/test_sentiment_rules_XXXXXX", opt[256];
    write_tmp(path, "# only one rule word\nnegator\tnary\n");
    snprintf(opt, sizeof opt, "rules = %s\n", path);
    cr_expect_lt(cmp1("The talks were not helpful."), -0.05);
    /* without the shipped file "not" is a plain word */
    cr_expect_gt(cmp_with(opt, "The talks were not helpful."), 0.05);
    cr_expect_lt(cmp_with(opt, "The talks were nary helpful."), -0.05);
    unlink(path);
}

Test(sentiment, malformed_rules_lines_are_reported_and_the_rest_loads)
{
    char path[] = "/tmp/test_sentiment_rules_XXXXXX", logp[] = "/tmp/test_sentiment_log_XXXXXX";
    char opt[256], expect[300];
    write_tmp(path, "# rules with mistakes\n"
                    "negater\tnary\n"          /* 2: unknown kind */
                    "boost\tsooo\n"            /* 3: weight missing */
                    "negator\n"                /* 4: no term */
                    "negator\tnary\t2\n"       /* 5: a negator takes no weight */
                    "boost\tsooo\tlots\n"      /* 6: weight not a number */
                    "negator\tnary\n"          /* 7: fine */
                    "boost\tsooo\t2\n");       /* 8: fine */
    snprintf(opt, sizeof opt, "extra_rules = %s\n", path);
    int log_fd = mkstemp(logp);
    cr_assert_geq(log_fd, 0);
    fflush(stderr);
    int saved = dup(2);
    cr_assert_geq(saved, 0);
    dup2(log_fd, 2);
    double neg = cmp_with(opt, "The visit brought nary progress.");
    double boosted = cmp_with(opt, "The talks were sooo helpful.");
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    char log[8192];
    ssize_t n = pread(log_fd, log, sizeof log - 1, 0);
    close(log_fd);
    cr_assert_geq(n, 0);
    log[n] = '\0';
    for (int ln = 2; ln <= 6; ln++) {
        snprintf(expect, sizeof expect, "%s:%d:", path, ln);
        cr_expect(strstr(log, expect) != NULL, "no warning for %s in:\n%s", expect, log);
    }
    snprintf(expect, sizeof expect, "%s:7:", path);
    cr_expect(strstr(log, expect) == NULL, "%s", log);
    cr_expect_lt(neg, -0.05);
    cr_expect_gt(boosted, cmp1("The talks were sooo helpful.") + 0.05);
    unlink(path);
    unlink(logp);
}

Test(sentiment, a_changed_rules_file_is_read_by_a_new_pipeline)
{
    /* SIGHUP builds a new pipeline: init() re-reads the files */
    char path[] = "/tmp/test_sentiment_rules_XXXXXX", opt[256];
    write_tmp(path, "negator\tnary\n");
    snprintf(opt, sizeof opt, "extra_rules = %s\n", path);
    cr_expect_lt(cmp_with(opt, "The visit brought nary progress."), -0.05);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("boost\tnary\t1.5\n", f);
    fclose(f);
    double c = cmp_with(opt, "The visit brought nary progress.");
    cr_expect_gt(c, 0.05);
    cr_expect_gt(c, cmp1("The visit brought progress."));
    unlink(path);
}

/* A sentiment option that must stop the pipeline from starting, with an
 * error naming `word`. */
static void expect_start_error(const char *option_line, const char *word)
{
    char ini[512], err[512];
    pipeline *p = NULL;
    pipeline *q = mk(NULL); /* make sure the fallback actors data exists when needed */
    pipeline_release(&q);
    snprintf(ini, sizeof ini,
             "[daemon]\nplugins = actors, sentiment\n%s%s%s"
             "[plugin.sentiment]\n%s\n",
             sent_tmpdir[0] ? "[plugin.actors]\ndata_dir = " : "", sent_tmpdir,
             sent_tmpdir[0] ? "\n" : "", option_line);
    cr_expect_neq(pipeline_new_from_string(&p, ini, err, sizeof err), 0, "%s starts", option_line);
    cr_expect(strstr(err, word) != NULL, "%s", err);
    pipeline_release(&p);
}

Test(sentiment, missing_rules_file_is_an_error)
{
    expect_start_error("extra_rules = /nonexistent/rules.txt", "rules");
}

Test(sentiment, weak_evidence_stays_neutral_with_a_neutral_zone)
{
    /* one mildly valenced word in a factual report ("careful" 0.5) is no
     * evaluation: the neutral zone (off by default) keeps the sentence in
     * the neutral band */
    const char *zone = "neutral_zone = 1\n";
    const char *fact = "The delegation discussed a careful plan in the capital on Monday.";
    cr_expect_lt(fabs(cmp_with(zone, fact)), 0.05);
    cr_expect_gt(cmp1(fact), 0.05, "the default has no zone");
    cr_expect_eq(cmp1(fact), cmp_with("neutral_zone = 0\n", fact));
    /* a clear evaluation is nearly kept */
    double strong = cmp_with(zone, "The talks were excellent.");
    double strong0 = cmp1("The talks were excellent.");
    cr_expect_gt(strong, 0.3);
    cr_expect_gt(strong, 0.85 * strong0);
    /* strong evidence on both sides is not weak evidence: the small net sum
     * of "victory" and "terrible" keeps its sign and most of its size */
    const char *mixed = "The victory came at a terrible price.";
    double m = cmp_with(zone, mixed), m0 = cmp1(mixed);
    cr_expect_lt(m, -0.05);
    cr_expect_gt(m / m0, 0.8);
    /* a wider zone needs more evidence */
    double one = cmp_with("neutral_zone = 3\n", "The plan is acceptable.");
    cr_expect_lt(fabs(one), 0.05);
    cr_expect_gt(cmp_with(zone, "The plan is acceptable."), one);
}

Test(sentiment, neutral_zone_out_of_range_is_an_error)
{
    expect_start_error("neutral_zone = -1", "neutral_zone");
}

Test(sentiment, every_inflection_of_a_reverser_turns_its_object)
{
    /* "ends", "tackles", "eases" act against the bad thing after them as
     * "end", "tackle", "ease" do */
    cr_expect_gt(cmp1("The treaty ends the war."), 0.05);
    cr_expect_gt(cmp1("The plan tackles poverty."), 0.05);
    cr_expect_gt(cmp1("The new policy eases the shortage."), 0.05);
    cr_expect_lt(cmp1("The shortage worsened."), -0.05);
}

Test(sentiment, missing_lexicon_is_an_error)
{
    expect_start_error("extra_lexicons = /nonexistent/lexicon.txt", "lexicon");
}

Test(sentiment, actor_tone_is_mean_of_its_sentences)
{
    pipeline *p = mk(NULL);
    Annot__V1__AnnotatedDocument *d = pipeline_tag_text(p,
        "China praised the agreement. China and the United States signed a treaty. "
        "The United States condemned the delay.");
    cr_assert_not_null(d);
    cr_assert_eq(d->n_sentences, 3);
    /* every tone is the mean compound of the distinct sentences mentioning the code */
    for (size_t t = 0; t < d->n_actor_tones; t++) {
        Annot__V1__ActorTone *at = d->actor_tones[t];
        double sum = 0.0;
        unsigned count = 0;
        for (size_t s = 0; s < d->n_sentences; s++) {
            int mentioned = 0;
            for (size_t a = 0; a < d->n_actors; a++)
                if (strcmp(d->actors[a]->code, at->code) == 0 &&
                    d->actors[a]->start >= d->sentences[s]->start &&
                    d->actors[a]->start < d->sentences[s]->end)
                    mentioned = 1;
            if (mentioned) {
                sum += d->sentences[s]->sentiment->compound;
                count++;
            }
        }
        cr_expect_eq(at->sentences, count, "%s", at->code);
        cr_expect_float_eq(at->tone, sum / count, 1e-9, "%s", at->code);
    }
    /* meaningful once the actors plugin knows these two countries */
    for (size_t t = 0; t < d->n_actor_tones; t++) {
        Annot__V1__ActorTone *at = d->actor_tones[t];
        if (strcmp(at->code, "CHN") == 0) {
            cr_expect_eq(at->sentences, 2);
            cr_expect_gt(at->tone, 0.05);
        }
        if (strcmp(at->code, "USA") == 0) {
            cr_expect_eq(at->sentences, 2);
            cr_expect_lt(at->tone, d->sentences[1]->sentiment->compound);
        }
    }
    cr_expect_eq(d->n_actor_tones == 0, d->n_actors == 0);
    pipeline_result_free(d);
    pipeline_release(&p);
}

/* Found by fuzz/fuzz_text (see fuzz/README.md): the insertion sort of the
 * tones read order[j - 1] at j = 0, a pointer moved by SIZE_MAX, for the
 * first tone of every document with an actor.  Undefined behaviour that
 * clang's UBSan stops on (gcc's does not check it): run under
 * `CC=clang meson setup -Db_sanitize=address,undefined`, this failed. */
Test(sentiment, actor_tones_sort_from_the_first_slot)
{
    pipeline *p = mk(NULL);
    Annot__V1__AnnotatedDocument *d = pipeline_tag_text(p, "Russia praised the deal. China condemned the attack.");
    cr_assert_not_null(d);
    cr_assert_eq(d->n_actor_tones, 2);
    cr_expect_str_eq(d->actor_tones[0]->code, "CHN"); /* in code order, not text order */
    cr_expect_str_eq(d->actor_tones[1]->code, "RUS");
    pipeline_result_free(d);
    pipeline_release(&p);
}

/* Session 4: set phrases whose frame carries the verdict, not their words:
 * a fear reported as the yardstick of a comparison, "at best", phrasal
 * verbs of harm and of success, "calm" and "strike down" acting against a
 * bad thing. */
Test(sentiment, session4_frames_of_comparison_hedge_and_reversal)
{
    cr_expect_gt(cmp1("The storm was not as bad as forecasters had feared."), 0.05);
    cr_expect_lt(cmp1("The storm was as bad as forecasters had feared."), -0.05);
    cr_expect_lt(cmp1("The new clinic is adequate at best."), -0.05);
    cr_expect_gt(cmp1("The new clinic is adequate."), 0.05);
    cr_expect_lt(cmp1("The mayor did little to calm the fury of the residents."), -0.05);
    cr_expect_gt(cmp1("The mayor's visit calmed the fury of the residents."), 0.05);
    cr_expect_gt(cmp1("The court struck down a law that punished the homeless."), 0.05);
    cr_expect_lt(cmp1("The court upheld a law that punished the homeless."), -0.05);
    cr_expect_lt(cmp1("The tax has eaten away the savings of retirees."), -0.05);
    cr_expect_gt(cmp1("The parade went off without a hitch."), 0.05);
    cr_expect_lt(cmp1("For all the talk of reform, the agency remains slow."), -0.05);
}

/* Session 4: a lean with no term to act on ("too small", "does not work")
 * is weighed by the contrast like a term in its place. */
Test(sentiment, session4_leans_are_weighed_by_the_contrast)
{
    cr_expect_lt(cmp1("The new terminal is handsome enough, but it is already too small."), -0.05);
    cr_expect_gt(cmp1("The new terminal is already too small, but it is handsome."), 0.05);
}

/* Session 4: a question holding a doubt word is rhetorical: its praise
 * turns and it leans negative; a plain question keeps its terms. */
Test(sentiment, session4_rhetorical_question)
{
    cr_expect_lt(cmp1("Is this really the best the council can manage?"), -0.05);
    cr_expect_gt(cmp1("Is this the best plan the council has?"), 0.05);
    cr_expect_lt(cmp1("Has anyone in the cabinet read the report?"), -0.05);
    cr_expect_float_eq(cmp1("Has the cabinet read the report?"), 0.0, 1e-9);
    /* the doubt word alone, outside a question, does nothing of the kind */
    cr_expect_gt(cmp1("This is really the best the council can manage."), 0.05);
}

/* A doubt word added through extra_rules makes its questions rhetorical;
 * a malformed doubt line (two words) is skipped with a warning. */
Test(sentiment, session4_doubt_words_from_extra_rules)
{
    const char *path = "/tmp/test_sentiment_doubt.txt";
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("doubt\tsurely\ndoubt\ttwo words\n", f);
    fclose(f);
    pipeline *p = mk("[plugin.sentiment]\nextra_rules = /tmp/test_sentiment_doubt.txt\n");
    cr_expect_lt(doc_compound(p, "Surely the council has a better plan?"), -0.05);
    pipeline_release(&p);
    cr_expect_gt(cmp1("Surely the council has a better plan?"), 0.05);
    unlink(path);
}

/* Session 4: "Still," / "Even so," opening a sentence before a comma is a
 * contrast like "But"; "still" inside a sentence is none. */
Test(sentiment, session4_contrast_openers)
{
    cr_expect_gt(cmp1("The plan has serious flaws. Still, it is a real improvement."), 0.05);
    cr_expect_lt(cmp1("The plan has serious flaws. It is still a real improvement."), -0.05);
    cr_expect_lt(cmp1("The plan is a real improvement. Even so, its flaws are serious."), -0.3);
    cr_expect_gt(cmp1("The plan is a real improvement. Its flaws are serious, even so."), -0.3);
}

/* Session 4: "would be" is no "would-be" (a hyphenated rule term matches
 * its two words too): praise after it stays praise. */
Test(sentiment, session4_would_be_is_no_scare_word)
{
    cr_expect_gt(cmp1("It would be a great achievement for the city."), 0.05);
    cr_expect_lt(cmp1("It would be a grave mistake for the city."), -0.05);
    cr_expect_lt(cmp1("The so-called achievement is a list of slogans."), -0.05);
}

/* Session 4: a scare quote around a plain word mocks it: the sentence leans
 * negative; the same word unquoted, or quoted after a reporting verb, does
 * not. */
Test(sentiment, session4_scare_quote_around_a_plain_word)
{
    cr_expect_lt(cmp1("The council's \"consultation\" lasted one evening."), -0.05);
    cr_expect_float_eq(cmp1("The council's consultation lasted one evening."), 0.0, 1e-9);
    cr_expect_float_eq(cmp1("The council called it a \"consultation\" on Monday."), 0.0, 1e-9);
}

/* Session 4: overstating a danger makes it smaller; "after years of"
 * opens a background clause that weighs like a concession; words that name
 * what a reform cuts ("paperwork") and nouns that news uses as topics
 * ("objects"). */
Test(sentiment, session4_overstated_dangers_and_backgrounds)
{
    double ex = cmp1("Critics have exaggerated the dangers of the new vaccine.");
    double de = cmp1("Critics have described the dangers of the new vaccine.");
    cr_expect_gt(ex, de + 0.3);
    cr_expect_gt(cmp1("After years of neglect and decay, the park is pleasant again."), 0.0);
    cr_expect_lt(cmp1("The park is pleasant again, and years of neglect and decay show."), -0.05);
    cr_expect_float_eq(cmp1("The collection holds 5,000 objects."), 0.0, 1e-9);
    cr_expect_lt(cmp1("Residents have legitimate concerns about the plan."), -0.05);
}

/* Session 4: "cut" acts against its object like "reduce"; a reverser
 * reaches four words, and another reverser after it ends its reach. */
Test(sentiment, session4_reverser_acts_on_its_object)
{
    cr_expect_gt(cmp1("The city cut crime in half."), 0.05);
    cr_expect_lt(cmp1("The city cut benefits for the disabled."), -0.05);
    cr_expect_lt(cmp1("The cuts to school funding will hurt the town."), -0.05);
    cr_expect_lt(cmp1("The council cut bus fares, and the deficit will grow."), -0.05);
    cr_expect_gt(cmp1("The plan will prevent violence and chaos."), 0.05);
    cr_expect_gt(cmp1("The treaty will reduce the risk of war."), 0.05);
    cr_expect_gt(cmp1("The settlement ends years of costly litigation."), 0.05);
    cr_expect_gt(cmp1("The bill would cut taxes and reduce crime."), 0.05);
}

/* Session 4: what follows "than" is the yardstick of a comparison, weighed
 * like a hypothetical clause; idioms of empty output and of burden. */
Test(sentiment, session4_comparison_yardstick_and_idioms)
{
    cr_expect_gt(cmp1("The new deal is far better than the chaos it replaces."), 0.05);
    cr_expect_lt(cmp1("The new deal is far worse than the chaos it replaces."), -0.05);
    cr_expect_lt(cmp1("Attendance was lower than organizers had hoped."), -0.05);
    cr_expect_lt(cmp1("The debate produced more heat than light."), -0.05);
    cr_expect_lt(cmp1("The rules make life harder for small farmers."), -0.05);
    cr_expect_lt(cmp1("The plan is little more than a wish list."), -0.05);
}

/* Session 4: a trial and its defendants are a court report's topic. */
Test(sentiment, session4_trial_is_a_topic)
{
    cr_expect_float_eq(cmp1("The trial of the two defendants resumes on Monday."), 0.0, 1e-9);
    cr_expect_lt(cmp1("The trial of the two defendants was a shameful farce."), -0.05);
}

/* Session 5: a reverser in "-ed" with no object turns its subject
 * ("inflation eased", "the violence has stopped"); with an object it does
 * not ("eased the way"). */
Test(sentiment, session5_reverser_without_object_acts_on_subject)
{
    cr_expect_gt(cmp1("Unemployment eased for the second month running."), 0.05);
    cr_expect_gt(cmp1("The drought has eased in the east."), 0.05);
    cr_expect_gt(cmp1("The shelling has stopped."), 0.05);
    cr_expect_lt(cmp1("The shelling has continued."), -0.05);
    cr_expect_lt(cmp1("The violence eased the way for a crackdown."), -0.05);
    /* an act still to come, and an adverb before the reverser */
    cr_expect_lt(cmp1("The shelling needs to be stopped."), -0.05);
    cr_expect_gt(cmp1("The matter was quickly resolved."), 0.05);
}

/* Session 5: a verb of doubt and "hard to see how/why" turn the clause
 * they govern; "slow to" is the act not done. */
Test(sentiment, session5_doubt_and_slow_to_negate)
{
    cr_expect_lt(cmp1("Many teachers doubt the new syllabus is workable."), -0.05);
    cr_expect_gt(cmp1("Many teachers think the new syllabus is workable."), 0.05);
    cr_expect_gt(cmp1("Few doubt the new harbor was a success."), 0.05);
    cr_expect_lt(cmp1("It is hard to see how the levy will improve the roads."), -0.05);
    cr_expect_gt(cmp1("It is hard to see why anyone would oppose the plan."), 0.05);
    cr_expect_lt(cmp1("The ministry was slow to publish the safety report."), -0.05);
    cr_expect_gt(cmp1("The ministry was quick to publish the safety report."), 0.05);
}

/* Session 5: breaking acts against its object; a broken promise is the
 * promised act not done. */
Test(sentiment, session5_breaking_and_broken_promises)
{
    cr_expect_gt(cmp1("The mediators broke the stalemate after a week."), 0.05);
    cr_expect_lt(cmp1("The militia broke the truce within a day."), -0.05);
    cr_expect_lt(cmp1("The mayor broke her promise to build affordable homes."), -0.05);
    cr_expect_gt(cmp1("The mayor kept her promise to build affordable homes."), 0.05);
}

/* Session 5: a counterfactual reproach ("should never have") leans
 * negative even when the act it blames is plain, but "should not have to"
 * is no reproach; "yet another" is no contrast. */
Test(sentiment, session5_reproach_and_yet_another)
{
    cr_expect_lt(cmp1("The regulator should never have licensed the plant."), -0.05);
    cr_expect_float_eq(cmp1("The regulator licensed the plant."), 0.0, 1e-9);
    cr_expect_lt(cmp1("The council should not have trusted the developer."), -0.05);
    /* the blamed act keeps its harm: no negation turns it */
    cr_expect_lt(cmp1("The guards should never have beaten the prisoners."), -0.05);
    cr_expect_lt(cmp1("The army should not have attacked the village."), -0.05);
    cr_expect_float_eq(cmp1("Patients should not have to queue."),
                       cmp1("Patients should queue."), 1e-9);
    /* a contrast "Yet" would weigh the clause 1.5; "yet another" does not */
    double y = cmp1("Passengers face yet another strike.");
    double p = cmp1("Passengers face another strike.");
    cr_expect_float_eq(y, p, 1e-9);
}

/* Session 5: lexicon words of mild editorial tone, and "contains" as
 * "includes" (no restraint, no valence). */
Test(sentiment, session5_mild_editorial_words)
{
    cr_expect_float_eq(cmp1("The annual report contains forty pages of tables."), 0.0, 1e-9);
    cr_expect_lt(cmp1("The proposal has divided the village."), -0.05);
    cr_expect_gt(cmp1("The new approach is showing results."), 0.05);
    cr_expect_gt(cmp1("The audit was rigorous and nuanced."), 0.05);
    cr_expect_lt(cmp1("Ticket sales were underwhelming."), -0.05);
    cr_expect_lt(cmp1("The new ethics code is a fig leaf."), -0.05);
    cr_expect_lt(cmp1("The launch had several glitches."), -0.05);
    cr_expect_lt(cmp1("The courts face a logjam of cases."), -0.05);
    cr_expect_gt(cmp1("The senator's frankness won her new admirers."),
                 cmp1("The senator's speech won her new admirers.") + 0.1);
}

/* Session 5: two negations in coordinated phrases do not cancel across
 * "and"; a negation or reverser with none after "and" still reaches. */
Test(sentiment, session5_negations_do_not_stack_across_and)
{
    cr_expect_lt(cmp1("The budget has few friends and little support."), -0.05);
    cr_expect_gt(cmp1("The new mayor has no scandals and few enemies."), 0.05);
    cr_expect_gt(cmp1("The new law will prevent abuse and neglect."), 0.05);
}

/* Session 5: idioms of mild editorial verdict whose words alone are plain
 * or misleading. */
Test(sentiment, session5_idioms_of_mild_verdict)
{
    cr_expect_lt(cmp1("The plan is thin on details."), -0.05);
    cr_expect_lt(cmp1("The new rules are window dressing."), -0.05);
    cr_expect_lt(cmp1("The pay rise is cold comfort to nurses."), -0.05);
    cr_expect_lt(cmp1("The budget kicks the can down the road."), -0.05);
    cr_expect_lt(cmp1("The plan is business as usual."), -0.05);
    cr_expect_lt(cmp1("The shorter week is a mixed blessing."), 0.0);
}

/* Session 5: institutions and programmes named by what they are (the
 * armed forces, a pension scheme) are the topic of a report, not its
 * verdict; what is said of them still counts. */
Test(sentiment, session5_institutions_are_topics)
{
    cr_expect_float_eq(cmp1("The armed forces will hold a parade on Sunday."), 0.0, 1e-9);
    cr_expect_float_eq(cmp1("The pension scheme covers two million workers."), 0.0, 1e-9);
    cr_expect_lt(cmp1("The armed forces committed atrocities."), -0.05);
}

/* Session 5: editorial set phrases whose words read the other way: a
 * demand to improve, a doubt of feasibility, a goal few would argue with. */
Test(sentiment, session5_editorial_set_phrases)
{
    cr_expect_lt(cmp1("The transit agency can do better."), -0.05);
    cr_expect_lt(cmp1("Reform of the tax code is easier said than done."), -0.05);
    cr_expect_gt(cmp1("Few would argue with that goal."), 0.05);
    cr_expect_lt(cmp1("The new fees fall hardest on pensioners."), -0.05);
    cr_expect_lt(cmp1("The layoffs are a slap in the face to loyal staff."), -0.05);
    cr_expect_lt(cmp1("The minister's jokes were out of line."), -0.05);
    /* modest verdicts */
    cr_expect_gt(cmp1("The new levy is not a cure-all, but it is a start."), 0.05);
    cr_expect_gt(cmp1("The inspectors did their job."), 0.05);
    cr_expect_gt(cmp1("The union kept its word."), 0.05);
    cr_expect_gt(cmp1("The pilot program is worth a try."), 0.05);
    cr_expect_lt(cmp1("Commuters have waited long enough."), -0.05);
}

/* Session 5: a blow acts against what it strikes. */
Test(sentiment, session5_a_blow_to_a_bad_thing_is_good_news)
{
    cr_expect_gt(cmp1("The arrests are a blow to the smuggling gangs."), 0.05);
    cr_expect_lt(cmp1("The verdict is a blow to press freedom."), -0.05);
}

/* Session 5: "is down", "are up" are direction words: they turn or
 * stress the term beside them. */
Test(sentiment, session5_down_and_up_after_be)
{
    cr_expect_gt(cmp1("Burglaries are down this year."), 0.05);
    cr_expect_lt(cmp1("Profits were down sharply."), -0.05);
    cr_expect_float_eq(cmp1("The website was down for an hour."), 0.0, 1e-9);
}

/* A token spelled with a typographic apostrophe, or with the apostrophe of
 * a final "n't", is looked up as its plain spelling (sent_tok_text()): the
 * look-up loop finds such spellings of sixteen bytes or less in the table
 * (sent_add_spellings()), longer ones on its general path. */
Test(sentiment, apostrophe_spellings_are_found_as_the_word)
{
    char path[] = "/tmp/test_sentiment_spell_XXXXXX";
    /* own words with apostrophes: one whose typographic spelling fits in
     * sixteen bytes, one whose does not, and one of seventeen bytes */
    write_tmp(path, "# test lexicon\nsnaz'zy\t3\nsplendid'n'fine\t3\nsplendiferous'ok\t3\n"
                    "thrivent\t3\n");
    char extra[512];
    snprintf(extra, sizeof extra, "[plugin.sentiment]\nextra_lexicons = %s\n", path);
    pipeline *p = mk(extra);
    const char *plain[] = {"It was snaz'zy.", "It was splendid'n'fine.",
                           "It was splendiferous'ok.", "It was thrivent.",
                           "They dont help the poor."};
    const char *other[][2] = {
        {"It was snaz\xE2\x80\x99zy.", NULL},
        {"It was splendid\xE2\x80\x99n\xE2\x80\x99" "fine.", "It was splendid'n\xE2\x80\x99" "fine."},
        {"It was splendiferous\xE2\x80\x99ok.", NULL},
        {"It was thriven't.", "It was thriven\xE2\x80\x99t."},
        {"They don't help the poor.", "They don\xE2\x80\x99t help the poor."},
    };
    /* (each is followed by a plain sentence: the look-up loop leaves the
     * tokens of the last sixteen bytes of a text to its general path) */
    char a[256], b[256];
    const char *tail = " The report has nine pages and two tables.";
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
        snprintf(a, sizeof a, "%s%s", plain[i], tail);
        double want = doc_compound(p, a);
        if (i < 4)
            cr_expect_gt(want, 0.05, "%s", plain[i]);
        else
            cr_expect_lt(want, -0.05, "%s", plain[i]); /* "dont" negates "help" */
        for (size_t k = 0; k < 2; k++)
            if (other[i][k]) {
                snprintf(b, sizeof b, "%s%s", other[i][k], tail);
                cr_expect_float_eq(doc_compound(p, b), want, 1e-12, "%s", other[i][k]);
            }
    }
    pipeline_release(&p);
    unlink(path);
}

Test(sentiment, a_report_whose_only_evidence_is_topic_words_is_neutral)
{
    /* rules kind `topic`: what a festival, a job or an arrest names is no
     * verdict when nothing else in the sentence judges it */
    cr_expect_float_eq(cmp1("The harvest festival will move to the fairground next year."), 0.0,
                       1e-9);
    cr_expect_float_eq(cmp1("The library stays open until nine on weekdays."), 0.0, 1e-9);
    cr_expect_float_eq(cmp1("Half of the jobs are in the two port towns."), 0.0,
                       1e-9);
    cr_expect_float_eq(cmp1("Two suspects were arrested near the harbour on Sunday."), 0.0, 1e-9);
    cr_expect_float_eq(cmp1("Half of the board was elected in the spring."), 0.0, 1e-9);
    /* a hedge, or an intensifier that reaches no term, is no verdict */
    cr_expect_float_eq(cmp1("Inspectors may visit the missile sites twice a year."), 0.0,
                       1e-9);
    cr_expect_float_eq(cmp1("Exports of wool made up most of the total last year."), 0.0, 1e-9);
    /* an evaluative word or a modifier beside them: they count as before */
    cr_expect_gt(cmp1("The harvest festival was a lovely day out for the whole town."), 0.3);
    cr_expect_gt(cmp1("The harvest festival was a lovely day out."),
                 cmp1("The harvest day was a lovely day out."));
    cr_expect_lt(cmp1("Few of the new jobs went to the two port towns."), -0.05);
    cr_expect_gt(cmp1("The harvest festival was very open to everyone."), 0.1);
    cr_expect_lt(cmp1("The plant will not bring any jobs to the town."), -0.05);
    /* a topic mark from extra_rules on a plain word of the lexicon */
    char path[] = "/tmp/test_sentiment_topic_XXXXXX", opt[256];
    write_tmp(path, "topic\tsupport\n");
    snprintf(opt, sizeof opt, "extra_rules = %s\n", path);
    cr_expect_float_eq(cmp_with(opt, "Local firms give support to the team."), 0.0, 1e-9);
    cr_expect_gt(cmp_with(opt, "Local firms give generous support to the team."), 0.3);
    unlink(path);
    cr_expect_gt(cmp1("Local firms give support to the team."), 0.05);
}

Test(sentiment, a_degree_adverb_after_a_reverser_is_no_object)
{
    /* "recovered strongly": the adverb is how, not what; the verb keeps its
     * own valence (it gave it up to "strongly" as if that were its object) */
    cr_expect_gt(cmp1("Trade with the islands has recovered strongly."), 0.1);
    cr_expect_gt(cmp1("Tourism in the valley has recovered strongly since May."), 0.1);
    /* a real object is still acted on */
    cr_expect_gt(cmp1("The town has recovered from the terrible flood."), 0.05);
}

Test(sentiment, a_reported_pledge_is_news_not_a_verdict)
{
    /* rules kind `pledge`: the act right after "would", at most three words
     * after a reporting word, is what someone pledged to do */
    cr_expect_float_eq(cmp1("The agency said it would support the rural clinics."), 0.0, 1e-9);
    cr_expect_float_eq(cmp1("The council said the city would help tenants fill in the forms."),
                       0.0, 1e-9);
    /* a claim of an effect, the writer's own "would", or a verdict beside
     * the pledge still count */
    cr_expect_gt(cmp1("Officials said the new ferry link would help island families."), 0.05);
    cr_expect_gt(cmp1("The new ferry link would help island families."), 0.05);
    cr_expect_gt(cmp1("The agency said it would generously support the rural clinics."), 0.05);
    /* "will" is no pledge word by default; extra_rules can add it */
    const char *s = "The agency says it will support the rural clinics.";
    cr_expect_gt(cmp1(s), 0.05);
    char path[] = "/tmp/test_sentiment_pledge_XXXXXX", opt[256];
    write_tmp(path, "pledge\twill\n");
    snprintf(opt, sizeof opt, "extra_rules = %s\n", path);
    cr_expect_float_eq(cmp_with(opt, s), 0.0, 1e-9);
    unlink(path);
}

/* Session 6: what was promised is not credited as done (own_snippets9: five
 * readers rate "the promised legacy ..." negative); the noun "promise" keeps
 * its praise. */
Test(sentiment, session6_promised_content_weighs_less)
{
    cr_expect_lt(cmp1("The council promised a better bus service for the suburbs."), 0.3);
    cr_expect_lt(cmp1("The governor vowed a swift recovery for the flooded towns."), 0.3);
    cr_expect_gt(cmp1("The council promised a better bus service for the suburbs."), 0.05);
    cr_expect_gt(cmp1("The young pianist showed real promise."), 0.2);
}

/* Session 6: names of institutions, groups and fields of policy, and plain
 * senses of "admitted", "charging" and "serious", are no verdict. */
Test(sentiment, session6_institutions_and_fields_are_no_verdict)
{
    const char *plain[] = {
        "The opposition leader visited the flooded villages on Monday.",
        "The health ministry published its annual report on Tuesday.",
        "The visa scheme opens to applicants in March.",
        "The city will start charging for permits next year.",
        "Peace talks between the two governments resume in Oslo next week.",
        "Teachers in the district return to school on Monday.",
        "The alliance meets in Brussels on Thursday.",
        "The senator asked a serious question about the budget.",
        "The judge's dissent runs to forty pages.",
        "Forty patients were admitted to the clinic overnight.",
    };
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
        cr_expect_float_eq(cmp1(plain[i]), 0.0, 1e-9, "%s", plain[i]);
    cr_expect_lt(cmp1("The opposition leader gave a dishonest and shameful speech."), -0.05);
}

/* Session 6: a negation that turned a positive term (the act it denies)
 * leaves a harm after it as it is: "nobody wins a war" is no praise of war;
 * a negation that turns only a harm still turns it. */
Test(sentiment, session6_a_denied_act_leaves_the_harm_after_it)
{
    cr_expect_lt(cmp1("Nobody wins a war."), -0.3);
    cr_expect_lt(cmp1("No one benefits from a trade war."), -0.3);
    cr_expect_lt(cmp1("The talks did not bring peace to the war-torn region."), -0.3);
    cr_expect_gt(cmp1("There was no violence and no looting."), 0.05);
    cr_expect_gt(cmp1("The storm was not a disaster for the harbour."), 0.05);
}

/* Session 6: "agreed" reports a step of a process; "still waiting" is a
 * reproach of what was promised. */
Test(sentiment, session6_agreed_reports_and_still_waiting_reproaches)
{
    cr_expect_float_eq(cmp1("The ministry agreed on Tuesday to review the contract."), 0.0, 1e-9);
    cr_expect_gt(cmp1("The two sides agreed a fair and lasting settlement."), 0.3);
    cr_expect_lt(cmp1("The villagers were told the new road would open in May; they are still waiting."),
                 -0.05);
}

/* Session 6: a harm kept away by a shielding verb is averted (rules kind
 * shield); a negated shield keeps the harm. */
Test(sentiment, session6_a_harm_kept_away_is_averted)
{
    cr_expect_gt(cmp1("The new levee protected the town from the worst of the flooding."), 0.3);
    cr_expect_gt(cmp1("The subsidy has shielded farmers from the drought."), 0.05);
    cr_expect_gt(cmp1("The ruling spared thousands of tenants from eviction."), 0.05);
    cr_expect_lt(cmp1("The police did not protect the marchers from the violent mob."), -0.05);
}

/* Session 6: a shielding verb can be added through extra_rules; a line of
 * two words is reported and skipped. */
Test(sentiment, session6_shield_words_from_extra_rules)
{
    char path[64] = "/tmp/test_sentiment_shield_XXXXXX";
    write_tmp(path, "shield\tdefended\nshield\tkept safe\n");
    char sec[160];
    snprintf(sec, sizeof sec, "extra_rules = %s\n", path);
    const char *t = "The army defended the town from the brutal raiders.";
    cr_expect_lt(cmp1(t), -0.05);
    cr_expect_gt(cmp_with(sec, t), 0.05);
    unlink(path);
}

/* Session 6: fire engines and trucks are services, like the fire brigade. */
Test(sentiment, session6_fire_engines_are_a_service)
{
    cr_expect_float_eq(cmp1("The town bought two new fire engines this year."), 0.0, 1e-9);
    cr_expect_lt(cmp1("The fire destroyed two warehouses."), -0.05);
}

/* Session 6: repetition ("once again", "yet again", "again and again") is
 * exasperation in commentary; praise still outweighs it. */
Test(sentiment, session6_once_again_is_exasperation)
{
    cr_expect_lt(cmp1("The council has once again delayed the vote on the bridge."), -0.45);
    cr_expect_lt(cmp1("The landlord has ignored the tenants again and again."), -0.6);
    cr_expect_gt(cmp1("Once again, the volunteers did excellent work."), 0.3);
}

/* Session 6: a hope or fear after "than" is the yardstick, not the news
 * (rules kind expect); outside such a clause it keeps its valence. */
Test(sentiment, session6_what_was_feared_is_the_yardstick)
{
    cr_expect_gt(cmp1("The new tram line has worked far better than its critics feared."), 0.05);
    cr_expect_lt(cmp1("Everyone feared the worst."), -0.05);
    cr_expect_gt(cmp1("Residents hoped for a quiet summer."), 0.05);
}

/* Session 6: "does little for X" fails those a measure is meant for. */
Test(sentiment, session6_does_little_for)
{
    cr_expect_lt(cmp1("The new budget does little for the families who need support."), -0.05);
    cr_expect_lt(cmp1("The scheme did nothing for the poorest tenants."), -0.4);
}

/* Session 6: talks named after their aim are a process; a truce that has
 * held is good news. */
Test(sentiment, session6_ceasefire_talks_and_a_ceasefire_that_held)
{
    cr_expect_float_eq(cmp1("The ceasefire talks will resume in Cairo next week."), 0.0, 1e-9);
    cr_expect_gt(cmp1("The ceasefire has held for two weeks in the valley."), 0.3);
}

/* Session 6: a speaker's own "I agree" is a stance, not a report. */
Test(sentiment, session6_i_agree_is_a_stance)
{
    cr_expect_gt(cmp1("I agree."), 0.05);
}
