/* Tests of the proposals plugin through the real host and the real actors
 * plugin.  Every sentence here is written for these tests.
 *
 * PROPOSALS_TEST_ACTORS_DIR, when set, overrides the actors plugin's data
 * directory (for running the tests while its data is elsewhere). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pipeline.h"

static pipeline *P;

/* Build a pipeline of actors + proposals with extra INI text for the
 * proposals section (NULL: none); returns it or fails the test. */
static pipeline *mk(const char *proposals_ini)
{
    char ini[2048], err[512];
    const char *dir = getenv("PROPOSALS_TEST_ACTORS_DIR");
    int n = snprintf(ini, sizeof ini, "[daemon]\nplugins = actors, proposals\n");
    if (dir && *dir)
        n += snprintf(ini + n, sizeof ini - (size_t)n, "[plugin.actors]\ndata_dir = %s\n", dir);
    if (proposals_ini)
        snprintf(ini + n, sizeof ini - (size_t)n, "[plugin.proposals]\n%s", proposals_ini);
    pipeline *p = NULL;
    int rc = pipeline_new_from_string(&p, ini, err, sizeof err);
    cr_assert_eq(rc, 0, "%s", err);
    return p;
}

static void setup(void)
{
    P = mk(NULL);
}

static void teardown(void)
{
    pipeline_release(&P);
}

TestSuite(proposals, .init = setup, .fini = teardown);

/* Country part of a code ("AUTHOR" and "" stay whole). */
static int same_country(const char *code, const char *want)
{
    if (!code)
        code = "";
    if (!strcmp(want, "AUTHOR") || !want[0])
        return !strcmp(code, want);
    return !strncmp(code, want, 3);
}

/* Text of a span of the input into buf. */
static const char *span_text(const char *text, const Annot__V1__Span *sp, char *buf, size_t len)
{
    buf[0] = '\0';
    if (!sp || sp->end <= sp->start)
        return buf;
    size_t n = sp->end - sp->start;
    if (n >= len)
        n = len - 1;
    memcpy(buf, text + sp->start, n);
    buf[n] = '\0';
    return buf;
}

/* Number of proposals found in a text. */
static size_t nprop(const char *text)
{
    Annot__V1__AnnotatedDocument *d = pipeline_tag_text(P, text);
    cr_assert_not_null(d);
    size_t n = d->n_proposals;
    pipeline_result_free(d);
    return n;
}

/* Tag a text that must hold exactly one proposal; check its cue, action
 * (NULL: not checked), proposer and addressee (NULL: not checked). */
static void one(const char *text, const char *cue, const char *action, const char *proposer,
                const char *addressee)
{
    char buf[256];
    Annot__V1__AnnotatedDocument *d = pipeline_tag_text(P, text);
    cr_assert_not_null(d);
    cr_assert_eq(d->n_proposals, 1, "%zu proposals in: %s", d->n_proposals, text);
    const Annot__V1__Proposal *q = d->proposals[0];
    cr_assert_str_eq(span_text(text, q->cue, buf, sizeof buf), cue, "cue in: %s", text);
    if (action)
        cr_assert_str_eq(span_text(text, q->action, buf, sizeof buf), action, "action in: %s", text);
    if (proposer)
        cr_assert(same_country(q->proposer, proposer), "proposer %s, want %s in: %s", q->proposer, proposer, text);
    if (addressee)
        cr_assert(same_country(q->addressee, addressee), "addressee %s, want %s in: %s", q->addressee,
                  addressee, text);
    cr_assert(q->confidence > 0.0f && q->confidence <= 1.0f);
    pipeline_result_free(d);
}

/* ---- deontic modals */

Test(proposals, modal_should)
{
    one("The city council should raise the minimum wage.", "should", "raise the minimum wage", "AUTHOR", NULL);
}

Test(proposals, modal_must_names_addressee)
{
    one("China must stop building new coal plants.", "must", "stop building new coal plants", "AUTHOR", "CHN");
}

Test(proposals, modal_ought_need_have)
{
    one("Farmers ought to rotate their crops.", "ought to", "rotate their crops", "AUTHOR", NULL);
    one("Japan needs to modernise its ports.", "needs to", "modernise its ports", "AUTHOR", "JPN");
    one("The railways need to be upgraded.", "need to", NULL, "AUTHOR", NULL);
    one("This practice has to stop.", "has to stop", NULL, "AUTHOR", NULL);
    one("Landlords ought not to keep the deposit.", "ought not to", "keep the deposit", "AUTHOR", NULL);
    one("Lenders have got to stop selling old debts.", "have got to", "stop selling old debts", "AUTHOR", NULL);
    cr_expect_eq(nprop("I have got to finish my tax return."), 0);        /* own chore */
    cr_expect_eq(nprop("That must be why they call so often."), 0);      /* a guess */
    one("There has to be a penalty for suing the wrong person.", "There has to be", "a penalty for suing the wrong person",
        "AUTHOR", NULL);
    cr_expect_eq(nprop("There has to be a reason they keep calling."), 0); /* a guess */
    cr_expect_eq(nprop("I think there has to be some mistake."), 0);
}

Test(proposals, modal_not_a_proposal)
{
    cr_expect_eq(nprop("The parcel must have been lost in the post."), 0);       /* epistemic */
    cr_expect_eq(nprop("The new bridge should be finished by now."), 0);          /* epistemic */
    cr_expect_eq(nprop("They should have warned the villagers earlier."), 0);    /* regret */
    cr_expect_eq(nprop("The pumps work as they should."), 0);                     /* elliptical */
    cr_expect_eq(nprop("It should be noted that exports fell in March."), 0);    /* remark */
    cr_expect_eq(nprop("I have to leave early today."), 0);                       /* own chore */
    cr_expect_eq(nprop("This should help reduce prices."), 0);                    /* expectation */
    cr_expect_eq(nprop("It was a must-win game for the home side."), 0);         /* compound */
    cr_expect_eq(nprop("The deal, which should boost exports, was signed."), 0);
    cr_expect_eq(nprop("There is no need to panic about the figures."), 0);
    cr_expect_eq(nprop("They have all the rights that they should."), 0);         /* elliptical */
    cr_expect_eq(nprop("The panel asked whether the bank should raise rates."), 0); /* embedded question */
    cr_expect_eq(nprop("The leaflet explains how tenants should apply."), 0);
}

/* Expectations about ease or trouble read as guesses, not advice. */
Test(proposals, expectation_of_ease_or_trouble)
{
    cr_expect_eq(nprop("It shouldn\xE2\x80\x99t be difficult to check the records."), 0);
    cr_expect_eq(nprop("This should be no problem for honest companies."), 0);
    cr_expect_eq(nprop("Honest businesses should have nothing to fear."), 0);
    cr_expect_eq(nprop("They should have no problem showing their number."), 0);
    cr_expect_eq(nprop("It should take only a minute."), 0);
    one("The forms should be simple and short.", "should", "be simple and short", "AUTHOR", NULL);
    one("Collectors should have no right to call at work.", "should", NULL, "AUTHOR", NULL);
    one("It should be illegal to threaten tenants with jail.", "should", NULL, "AUTHOR", NULL);
}

/* More advice verbs: plain verbs open an imperative; verbs that are also
 * nouns need an object word after them. */
Test(proposals, advice_verbs)
{
    one("Outlaw automated calls to mobile phones after nine.", "Outlaw", NULL, "AUTHOR", NULL);
    one("Shorten the deadline to ten days.", "Shorten", NULL, "AUTHOR", NULL);
    one("Freeze the fees until the review is done.", "Freeze", NULL, "AUTHOR", NULL);
    one("Criminalize threats of arrest over unpaid bills.", "Criminalize", NULL, "AUTHOR", NULL);
    one("Safeguard older borrowers from repeated calls.", "Safeguard", NULL, "AUTHOR", NULL);
    cr_expect_eq(nprop("Vote counting resumed on Monday."), 0); /* a noun-verb with no object word */
    cr_expect_eq(nprop("Pay rose by three percent in May."), 0);      /* a noun: no object word */
    cr_expect_eq(nprop("Yes, grant it, most firms obey the law."), 0); /* idiom */
}

Test(proposals, feelings_are_judgements)
{
    cr_expect_eq(nprop("The lenders should be ashamed of these letters."), 0);
    cr_expect_eq(nprop("Savers must be worried about the new fees."), 0);
    one("Borrowers should be told who owns their loan.", "should", NULL, "AUTHOR", NULL);
}

Test(proposals, predictions_and_past_reports)
{
    cr_expect_eq(nprop("The talks will resume in the spring."), 0);
    cr_expect_eq(nprop("The United States decided to deploy two more destroyers."), 0);
    cr_expect_eq(nprop("Exports will continue to fall this year."), 0);
    cr_expect_eq(nprop("China plans to launch a lunar probe next year."), 0);
}

Test(proposals, conditions)
{
    cr_expect_eq(nprop("If Washington lifts the tariffs, Beijing will buy more soybeans."), 0);
    cr_expect_eq(nprop("Should the talks collapse, the army will move north."), 0);
    cr_expect_eq(nprop("If the ministers should disagree, the vote is postponed."), 0);
    one("If the talks collapse, both sides should return to the table.", "should", "return to the table",
        "AUTHOR", NULL);
    one("If a lender sells a loan it should tell the borrower.", "should", "tell the borrower", "AUTHOR", NULL);
}

Test(proposals, questions)
{
    cr_expect_eq(nprop("Should the city ban diesel cars?"), 0);
    cr_expect_eq(nprop("Why must the farmers pay for the dam?"), 0);
    /* a run-on sentence: the part before the question still proposes */
    one("The fee should be dropped Why charge it at all?", "should", "be dropped", "AUTHOR", NULL);
}

/* ---- impersonal necessity */

Test(proposals, necessity)
{
    one("It is important for Japan to invest in its ports.", "important", "invest in its ports", "AUTHOR", "JPN");
    one("It is essential that the budget be balanced.", "essential", NULL, "AUTHOR", NULL);
    one("It is time to rethink the pension system.", "time", "rethink the pension system", "AUTHOR", NULL);
}

Test(proposals, necessity_negative)
{
    cr_expect_eq(nprop("The harbour is important for the local economy."), 0);
    cr_expect_eq(nprop("It is important to note that prices fell."), 0);
    cr_expect_eq(nprop("It was necessary to close the road after the flood."), 0);
}

/* ---- proposing verbs and nouns */

Test(proposals, call_on_names_both)
{
    one("China called on the United States to lift the sanctions.", "called on", "lift the sanctions", "CHN", "USA");
}

Test(proposals, urge)
{
    one("Germany urged Russia to withdraw its troops.", "urged", "withdraw its troops", "DEU", "RUS");
}

Test(proposals, want_tell_warn_need_a_named_actor)
{
    one("The US wants China to stop subsidising its steel mills.", "wants", "stop subsidising its steel mills", "USA",
        "CHN");
    one("Germany warned Russia not to invade its neighbour.", "warned", "not to invade its neighbour", "DEU", "RUS");
    cr_expect_eq(nprop("China wants to buy more soybeans."), 0);   /* intention */
    cr_expect_eq(nprop("I told him to leave."), 0);                /* no actor */
    one("The minister told reporters that the two countries need to talk.", "need to", "talk", NULL, NULL);
}

Test(proposals, insist_lobby_and_a_call)
{
    one("France insisted on a ceasefire.", "insisted on", "a ceasefire", "FRA", NULL);
    one("China's call for talks was welcomed.", "call for", NULL, "CHN", NULL);
}

Test(proposals, policy_paper_phrasing)
{
    one("It is suggested that the two countries set up a hotline.", "It is suggested that",
        "the two countries set up a hotline", "AUTHOR", NULL);
    one("China and the US could consider setting up a joint working group.", "could consider",
        "setting up a joint working group", "AUTHOR", "CHN");
}

Test(proposals, urge_with_a_bare_object)
{
    one("The United Nations urged restraint on both sides.", "urged", "restraint on both sides", "IGO", NULL);
}

Test(proposals, propose_recommend)
{
    one("France proposed a ceasefire along the border.", "proposed", NULL, "FRA", NULL);
    one("The report recommends that the agency publish its data.", "recommends", "the agency publish its data",
        "AUTHOR", NULL);
    one("We recommend a gradual increase in the fuel tax.", "recommend", NULL, "AUTHOR", NULL);
}

Test(proposals, stressing_a_need_and_the_way_forward)
{
    one("Japan stressed the need to strengthen cooperation at sea.", "stressed the need",
        "strengthen cooperation at sea", "JPN", NULL);
    one("The way forward is to resume the talks.", "The way forward is", "resume the talks", "AUTHOR", NULL);
    one("The simplest solution is to print the fee on the first page.", "solution is to", "print the fee on the first page",
        "AUTHOR", NULL);
    one("A better fix would be to cap the fee.", "fix would be to", "cap the fee", "AUTHOR", NULL);
    cr_expect_eq(nprop("The fix was to reboot the server."), 0);
    cr_expect_eq(nprop("I understand the need to protect privacy."), 0);
}

Test(proposals, a_document_speaks_for_its_author)
{
    const char *text = "The United Nations adopted a resolution on Friday. The resolution calls on Israel to halt construction.";
    Annot__V1__AnnotatedDocument *d = pipeline_tag_text(P, text);
    cr_assert_not_null(d);
    cr_assert_eq(d->n_proposals, 1);
    cr_expect(same_country(d->proposals[0]->proposer, "IGO"), "proposer %s", d->proposals[0]->proposer);
    cr_expect(same_country(d->proposals[0]->addressee, "ISR"), "addressee %s", d->proposals[0]->addressee);
    pipeline_result_free(d);
    /* this report: the writer */
    one("This report recommends that the agency publish its data.", "recommends", NULL, "AUTHOR", NULL);
}

Test(proposals, proposing_verbs_negative)
{
    cr_expect_eq(nprop("The data suggest that prices are rising."), 0);             /* evidence */
    cr_expect_eq(nprop("The caller insisted that I owed the money."), 0);          /* a past claim */
    one("Amnesty International demanded that the files be released.", "demanded that", NULL, NULL, NULL);
    cr_expect_eq(nprop("I am not advocating a ban on cars."), 0);                   /* negated */
    cr_expect_eq(nprop("The proposed rule was published on Monday."), 0);           /* adjective */
    cr_expect_eq(nprop("The reporters asked me about the weather."), 0);            /* question asked */
    cr_expect_eq(nprop("I keep getting phone calls for my neighbour."), 0);         /* phone calls */
}

/* The writer asks in the present: "ask", "request", "encourage", "want"
 * need no named actor when "I"/"we" opens the clause. */
Test(proposals, writer_asks)
{
    one("We ask that the commission extend the comment period.", "ask", "the commission extend the comment period",
        "AUTHOR", NULL);
    one("I respectfully request that the agency publish its data.", "request", NULL, "AUTHOR", NULL);
    one("I would encourage the board to keep the ten-day window.", "encourage", "keep the ten-day window", "AUTHOR",
        NULL);
    one("And we want the city to fix the streetlights.", "want", "fix the streetlights", "AUTHOR", NULL);
    one("I\xE2\x80\x99" "d ask that the board wait for the audit.", "ask", NULL, "AUTHOR", NULL);
}

Test(proposals, writer_asks_negative)
{
    cr_expect_eq(nprop("When I ask them to stop, they hang up."), 0);          /* not at the clause start */
    cr_expect_eq(nprop("I asked the clerk to file the papers."), 0);          /* past: an errand */
    cr_expect_eq(nprop("Tenants want the landlord to fix the heating."), 0);  /* not the writer, no actor */
    cr_expect_eq(nprop("We always ask if it is a good time to talk."), 0);     /* asking a question */
}

/* Someone else's demand on the writer, told as testimony. */
Test(proposals, reported_demand_on_the_writer)
{
    cr_expect_eq(nprop("The caller said I must pay by Friday or be sued."), 0);
    cr_expect_eq(nprop("They told me I need to send a copy of my lease."), 0);
    one("I think I should be allowed to see the file.", "should", NULL, "AUTHOR", NULL);
    one("The caller said the bank must fix the error.", "must", NULL, NULL, NULL);
}

Test(proposals, passive_advocacy)
{
    one("Residents were advised to boil their water.", "were advised to", "boil their water", "AUTHOR", NULL);
    one("Iranian diplomats were urged by France to return to the talks.", "urged", "return to the talks", "FRA", "IRN");
    cr_expect_eq(nprop("I was asked to leave the room."), 0); /* an errand, not a policy */
}

Test(proposals, demanded_and_time_subjunctive)
{
    one("Amnesty International demanded the release of the journalists.", "demanded", NULL, "NGO", NULL);
    one("It is high time the world acted.", "high time", "the world acted", "AUTHOR", NULL);
    cr_expect_eq(nprop("The demanded price was too high."), 0);
}

Test(proposals, subject_of_list_and_prepositions)
{
    one("China, Russia and Brazil called for a ceasefire.", "called for", NULL, "CHN", NULL);
    one("Brazil, speaking at the United Nations, called for a ceasefire.", "called for", NULL, "BRA", NULL);
    one("Russia, China and other states called for calm.", "called for", NULL, "RUS", NULL);
    one("India and Pakistan should return to the table, the UN chief said.", "should", NULL, "IGO", "IND");
}

Test(proposals, nouns)
{
    one("Four EU members submitted a proposal on fishing quotas.", "proposal", NULL, "IGO", NULL);
    one("Brazil unveiled a plan to cut emissions.", "plan to", "cut emissions", "BRA", NULL);
    cr_expect_eq(nprop("The proposal was discussed at length."), 0);
    cr_expect_eq(nprop("The company said it plans to cut 2,000 jobs."), 0);    /* a verb after "it" */
    cr_expect_eq(nprop("Brazil has a firm that plans to build dams."), 0);      /* ... after "that" */
    one("Brazil defended that plan to cut emissions.", "plan to", NULL, "BRA", NULL);
}

/* ---- the writer's wish, please, imperatives, headings */

Test(proposals, wish_and_please)
{
    one("We need stricter rules on payday lending.", "We need", NULL, "AUTHOR", NULL);
    one("We also need stronger penalties for false threats.", "We also need", NULL, "AUTHOR", NULL);
    one("Please stop calling me at work.", "Please", NULL, "AUTHOR", NULL);
    cr_expect_eq(nprop("Please note that the office is closed on Friday."), 0);
}

Test(proposals, imperatives)
{
    one("Stop the subsidies for coal now.", "Stop", "Stop the subsidies for coal now", "AUTHOR", NULL);
    one("Make the forms simpler.", "Make", NULL, "AUTHOR", NULL);
    one("If you need the money, ask the bank for a loan.", "ask", NULL, "AUTHOR", NULL);
    one("Otherwise, go to a lawyer.", "go", "go to a lawyer", "AUTHOR", NULL);
    one("If the landlord refuses, then sue.", "sue", "sue", "AUTHOR", NULL);
    one("Don\xE2\x80\x99t raise the tariffs.", "Don\xE2\x80\x99t", NULL, "AUTHOR", NULL);
}

/* Where a clause may start: after a quote mark, a semicolon, a bracket,
 * opening connectors (one or several words) or a comma closing a condition. */
Test(proposals, imperative_clause_starts)
{
    one("\"Stop the patrols now,\" the minister said.", "Stop", NULL, NULL, NULL);
    cr_expect_eq(nprop("Call the bank first; then write to the ombudsman."), 2);
    one("The fee is high (cut it by half).", "cut", NULL, "AUTHOR", NULL);
    one("In short, ban the practice.", "ban", NULL, "AUTHOR", NULL);
    one("Unless they pay, report them to the board.", "report", NULL, "AUTHOR", NULL);
    cr_expect_eq(nprop("He wanted to keep the deal alive, and protect the jobs."), 0);
}

/* After an imperative, "and"/"or"/"but" may open another one. */
Test(proposals, coordinated_imperatives)
{
    cr_expect_eq(nprop("Punish the bad actors but restore trust in the system."), 2);
    cr_expect_eq(nprop("Keep the calls short and limit them to two a week."), 2);
    cr_expect_eq(nprop("Stop the calls and texts."), 1);             /* a second object, no verb */
    cr_expect_eq(nprop("Call the bank and they will help you."), 1);  /* a statement follows */
    cr_expect_eq(nprop("The bank called and left a message."), 0);   /* no imperative before */
}

Test(proposals, imperatives_negative)
{
    cr_expect_eq(nprop("Report shows a rise in exports"), 0);                        /* noun */
    cr_expect_eq(nprop("The agency reviewed the rules, and set new limits."), 0);    /* verb phrase */
    cr_expect_eq(nprop("Most companies, like mine, do not allow personal calls."), 0);
    cr_expect_eq(nprop("Change is coming to the valley."), 0);
    cr_expect_eq(nprop("Help\n\nThe river rose overnight."), 0);     /* one-word heading */
}

/* A verb of no list opening a sentence, with an object word after it. */
Test(proposals, generic_imperative)
{
    one("Overhaul the licensing of bailiffs.", "Overhaul", "Overhaul the licensing of bailiffs", "AUTHOR", NULL);
    one("Scrutinise these contracts before signing.", "Scrutinise", NULL, "AUTHOR", NULL);
    one("And phone them before noon.", "phone", NULL, "AUTHOR", NULL);
    one("2) Audit every lender once a year.", "Audit", NULL, "AUTHOR", NULL);
}

Test(proposals, generic_imperative_negative)
{
    cr_expect_eq(nprop("Meanwhile the harbour stayed closed."), 0);           /* closed-class adverb */
    cr_expect_eq(nprop("Despite the rain, the fair went ahead."), 0);         /* preposition */
    cr_expect_eq(nprop("Farmers the region over lost their crops."), 0);      /* plural noun in -s */
    cr_expect_eq(nprop("Recently the mill reopened."), 0);                    /* -ly adverb */
    cr_expect_eq(nprop("Walking the dog is good exercise."), 0);              /* -ing form */
    cr_expect_eq(nprop("Former US envoy Jane Roe spoke at noon."), 0);        /* a name after it */
    cr_expect_eq(nprop("Take the Lisbon summit as an example."), 0);          /* a named object */
    cr_expect_eq(nprop("Local farmers overhaul the tractors each winter."), 0); /* not at the start */
    cr_expect_eq(nprop("Tomorrow the markets reopen."), 0);
}

Test(proposals, generic_imperative_off)
{
    pipeline *q = mk("generic_imperative = 0\n");
    Annot__V1__AnnotatedDocument *d = pipeline_tag_text(q, "Overhaul the licensing of bailiffs.");
    cr_assert_not_null(d);
    cr_expect_eq(d->n_proposals, 0);
    pipeline_result_free(d);
    pipeline_release(&q);
}

Test(proposals, heading_infinitive)
{
    const char *text = "To deepen cooperation on climate finance\n\nThe two ministers met in Paris on Monday.";
    Annot__V1__AnnotatedDocument *d = pipeline_tag_text(P, text);
    cr_assert_not_null(d);
    cr_assert_eq(d->n_proposals, 1);
    cr_expect_eq(d->proposals[0]->sentence, 0);
    char buf[128];
    cr_expect_str_eq(span_text(text, d->proposals[0]->action, buf, sizeof buf), "deepen cooperation on climate finance");
    cr_expect_str_eq(d->proposals[0]->proposer, "AUTHOR");
    pipeline_result_free(d);
    cr_expect_eq(nprop("To the moon and back\n\nThe crew landed safely."), 0);
    /* numbered headings and list items */
    one("3.1 To build mutual trust in cyberspace\n\nThe two sides met.", "To", "build mutual trust in cyberspace",
        "AUTHOR", NULL);
    one("(2) Require lenders to disclose their fees.", "Require", NULL, "AUTHOR", NULL);
    cr_expect_eq(nprop("To date, the fund has paid out little."), 0);
}

/* ---- reported advocacy */

Test(proposals, reported_modal)
{
    one("China said the United States should lift the sanctions.", "should", "lift the sanctions", "CHN", "USA");
    one("\"Washington must stop the patrols,\" the Chinese foreign ministry said.", "must", "stop the patrols", "CHN",
        "USA");
    one("From the perspective of Russia, NATO should halt its expansion.", "should", NULL, "RUS", "IGO");
    one("I think the city should plant more trees.", "should", NULL, "AUTHOR", NULL);
}

Test(proposals, reported_modal_trailing_attribution)
{
    /* the action stops before ", the ... said" */
    one("The European Union should impose sanctions on Iran, the French foreign minister said.", "should",
        "impose sanctions on Iran", "FRA", "IGO");
    one("Russia must withdraw its troops, according to Germany.", "must", "withdraw its troops", "DEU", "RUS");
}

Test(proposals, role_speakers_and_views)
{
    const char *text = "Russia's foreign ministry issued a statement on Monday. NATO must halt its expansion, the spokeswoman said.";
    Annot__V1__AnnotatedDocument *d = pipeline_tag_text(P, text);
    cr_assert_not_null(d);
    cr_assert_eq(d->n_proposals, 1);
    cr_expect(same_country(d->proposals[0]->proposer, "RUS"), "proposer %s", d->proposals[0]->proposer);
    cr_expect(same_country(d->proposals[0]->addressee, "IGO"), "addressee %s", d->proposals[0]->addressee);
    pipeline_result_free(d);
    one("China holds that cyberspace should not become a battlefield.", "should not", NULL, "CHN", NULL);
}

Test(proposals, us_the_country_is_not_us_the_writer)
{
    one("The US demanded that China release the detainees.", "demanded that", NULL, "USA", "CHN");
    one("We urge the US to reconsider.", "urge", "reconsider", "AUTHOR", "USA");
    /* "we" inside a quotation is the speaker's */
    one("\"We urge Russia to reconsider,\" the German foreign minister said.", "urge", "reconsider", "DEU", "RUS");
}

Test(proposals, references_to_a_proposal_are_none)
{
    cr_expect_eq(nprop("The bill, as proposed, would cost billions."), 0);
    cr_expect_eq(nprop("People make mistakes, and so do regulators."), 0);
}

Test(proposals, quotation_is_the_speakers_voice)
{
    const char *text = "Angela Merkel spoke in Berlin. \"Europe must defend itself,\" she said.";
    Annot__V1__AnnotatedDocument *d = pipeline_tag_text(P, text);
    cr_assert_not_null(d);
    cr_assert_eq(d->n_proposals, 1);
    cr_expect(same_country(d->proposals[0]->proposer, "DEU"), "proposer %s", d->proposals[0]->proposer);
    pipeline_result_free(d);
    d = pipeline_tag_text(P, "Canada said on Monday it was studying the plan. \"All sides should show restraint,\" a spokesman told reporters.");
    cr_assert_eq(d->n_proposals, 1);
    cr_expect(same_country(d->proposals[0]->proposer, "CAN"), "proposer %s", d->proposals[0]->proposer);
    pipeline_result_free(d);
}

Test(proposals, reported_view_carries_to_next_sentence)
{
    const char *text = "China said the United States should lift the sanctions. It should also reopen the consulates.";
    Annot__V1__AnnotatedDocument *d = pipeline_tag_text(P, text);
    cr_assert_not_null(d);
    cr_assert_eq(d->n_proposals, 2);
    cr_expect(same_country(d->proposals[1]->proposer, "CHN"), "proposer %s", d->proposals[1]->proposer);
    cr_expect_eq(d->proposals[1]->sentence, 1);
    pipeline_result_free(d);
    /* a new paragraph is the writer again */
    d = pipeline_tag_text(P, "China said the United States should lift the sanctions.\n\nIt should also reopen the consulates.");
    cr_assert_eq(d->n_proposals, 2);
    cr_expect_str_eq(d->proposals[1]->proposer, "AUTHOR");
    pipeline_result_free(d);
}

Test(proposals, one_per_clause_several_per_sentence)
{
    const char *text = "The agency should publish its data; lenders must disclose their fees.";
    Annot__V1__AnnotatedDocument *d = pipeline_tag_text(P, text);
    cr_assert_not_null(d);
    cr_expect_eq(d->n_proposals, 2);
    pipeline_result_free(d);
    /* "urge ... to" and a modal inside its action make one proposal */
    one("Germany urged Russia to say it must withdraw.", "urged", NULL, "DEU", "RUS");
}

Test(proposals, sentence_index_and_spans)
{
    const char *text = "Prices rose again in May. The central bank should raise interest rates.";
    Annot__V1__AnnotatedDocument *d = pipeline_tag_text(P, text);
    cr_assert_not_null(d);
    cr_assert_eq(d->n_proposals, 1);
    const Annot__V1__Proposal *q = d->proposals[0];
    cr_expect_eq(q->sentence, 1);
    cr_expect_eq(q->cue->start, (uint32_t)(strstr(text, "should") - text));
    cr_expect_eq(q->action->end, (uint32_t)(strstr(text, "rates.") - text + 5));
    pipeline_result_free(d);
}

/* ---- a long document */

Test(proposals, long_document_one_per_sentence)
{
    const char *unit = "France and Germany urged Russia to withdraw. The weather was mild in Paris. ";
    size_t n = 400, ul = strlen(unit);
    char *text = malloc(n * ul + 1);
    cr_assert_not_null(text);
    for (size_t i = 0; i < n; i++)
        memcpy(text + i * ul, unit, ul);
    text[n * ul] = '\0';
    Annot__V1__AnnotatedDocument *d = pipeline_tag_text(P, text);
    cr_assert_not_null(d);
    cr_expect_eq(d->n_proposals, n);
    for (size_t i = 0; i < d->n_proposals; i++) {
        cr_expect_eq(d->proposals[i]->sentence, 2 * i);
        cr_expect(same_country(d->proposals[i]->proposer, "FRA"));
        cr_expect(same_country(d->proposals[i]->addressee, "RUS"));
    }
    pipeline_result_free(d);
    free(text);
}

/* ---- options and data files */

Test(proposals, options_extra_files_and_bad_lines)
{
    char path[] = "/tmp/test_proposals_XXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    const char *data = "# my cues\n"
                       "modal 0.9 gotta\n"
                       "nonsense 0.5 word\n"       /* unknown kind: skipped */
                       "modal 7 broken\n"          /* bad weight: skipped */
                       "imp 0.8 recycle\n";
    cr_assert_eq(write(fd, data, strlen(data)), (ssize_t)strlen(data));
    close(fd);
    char ini[256];
    snprintf(ini, sizeof ini, "extra_files = %s\n", path);
    pipeline *saved = P;
    P = mk(ini);
    cr_expect_eq(nprop("They gotta fix the roads."), 1);
    cr_expect_eq(nprop("Recycle the bottles."), 1);
    cr_expect_eq(nprop("The council should fix the roads."), 1); /* shipped cues still there */
    pipeline_release(&P);
    P = mk("min_confidence = 0.99\n");
    cr_expect_eq(nprop("The council should fix the roads."), 0);
    pipeline_release(&P);
    P = mk("max_per_sentence = 1\n");
    cr_expect_eq(nprop("The agency should publish its data; lenders must disclose their fees."), 1);
    pipeline_release(&P);
    P = saved;
    unlink(path);
}

Test(proposals, missing_cue_file_fails_init)
{
    char ini[512], err[512];
    const char *dir = getenv("PROPOSALS_TEST_ACTORS_DIR");
    snprintf(ini, sizeof ini, "[daemon]\nplugins = actors, proposals\n%s%s%s[plugin.proposals]\ncues = /nonexistent/cues.txt\n",
             dir ? "[plugin.actors]\ndata_dir = " : "", dir ? dir : "", dir ? "\n" : "");
    pipeline *p = NULL;
    int rc = pipeline_new_from_string(&p, ini, err, sizeof err);
    cr_expect_neq(rc, 0);
    cr_expect(strstr(err, "cues.txt") != NULL, "%s", err);
    pipeline_release(&p);
}

/* ---- constructions of public comments (session 3, own sentences) */

/* Hand-typed comments misspell "should"; the misspelling is still advice. */
Test(proposals, misspelled_should)
{
    one("Landlords shoud return the deposit within a week.", "shoud", "return the deposit within a week",
        "AUTHOR", NULL);
    one("the bank shold send a copy of the contract", "shold", NULL, "AUTHOR", NULL);
    cr_expect_eq(nprop("My shoulder hurt for a week after the fall."), 0);
    cr_expect_eq(nprop("The parcel shoud have been lost in the post."), 0); /* a guess, misspelt */
}

/* "may wish to (consider)": polite advice; "may want to" alone stays a guess, and the writer's own "I may wish to" an intention. */
Test(proposals, may_wish_to)
{
    one("The agency may wish to consider a longer grace period.", "may wish to", NULL, "AUTHOR", NULL);
    one("Regulators might want to consider a cap on late fees.", "might want to consider", NULL, "AUTHOR", NULL);
    cr_expect_eq(nprop("Some tenants may want to move before winter."), 0);
    cr_expect_eq(nprop("I may wish to add more comments later."), 0); /* own intention */
}

/* "it would be better if ...", "it would help if ...", "what would really
 * help is ...": the writer's wish for a change. */
Test(proposals, better_if_and_would_help)
{
    one("It would be better if the letter named the original lender.", "It would be better if", NULL, "AUTHOR", NULL);
    one("It would also help if the form came with a return envelope.", "It would also help if", NULL, "AUTHOR", NULL);
    one("What would really help is one page that lists every fee.", "What would really help is", NULL, "AUTHOR", NULL);
    cr_expect_eq(nprop("It would be better for me if my shift started later."), 0); /* own wish, no course of action */
    cr_expect_eq(nprop("It helped that my sister lent me the money."), 0);
    cr_expect_eq(nprop("Nothing would help if the bank refused."), 0);
}

/* "Let's be honest", "let us not forget": discourse openers, not advice;
 * "Let's" before a real action still proposes. */
Test(proposals, lets_be_honest_is_discourse)
{
    cr_expect_eq(nprop("Let's be honest about who pays these fees."), 0);
    cr_expect_eq(nprop("Let us not forget that most tenants pay on time."), 0);
    cr_expect_eq(nprop("Let's face it, nobody reads the small print."), 0);
    one("Let's cap the fees at ten dollars.", "Let's", NULL, "AUTHOR", NULL);
}

/* "Kindly" before an imperative asks like "please"; "kindly" as a manner
 * adverb does not. */
Test(proposals, kindly_before_imperative)
{
    one("Kindly make the lenders check the address first.", "make", NULL, "AUTHOR", NULL);
    cr_expect_eq(nprop("The clerk kindly explained the form to me."), 0);
    cr_expect_eq(nprop("Kindly, the nurse stayed late."), 0);
}

/* "I beg the agency to ...": the writer asks someone to act. */
Test(proposals, beg_to)
{
    one("I beg the agency to keep the ban on night calls.", "beg", "keep the ban on night calls", "AUTHOR", NULL);
    cr_expect_eq(nprop("They begged me to pay something, anything, that day."), 0);
    cr_expect_eq(nprop("The dog begs for scraps at dinner."), 0);
}

/* "I would like the agency to ...": the writer asks someone to act; the
 * same words inside a clause of testimony, or before "to", do not. */
Test(proposals, would_like_x_to)
{
    one("I would like the city to repaint the crossings.", "would like", "repaint the crossings", "AUTHOR", NULL);
    cr_expect_eq(nprop("Every time I tell them that I would like them to stop, they hang up."), 0);
    cr_expect_eq(nprop("I would like to thank the staff of the clinic."), 0);
}

/* A proposing word capitalised inside a name is no cue: "the Society of
 * Consumer Advocates", "Parents Demand Action". */
Test(proposals, proposing_word_inside_a_name)
{
    cr_expect_eq(nprop("The Society of Consumer Advocates has studied the draft."), 0);
    cr_expect_eq(nprop("A group called Tenants Urge Reform met on Monday."), 0);
    one("Consumer groups advocate a cap on late fees.", "advocate", NULL, "AUTHOR", NULL);
    one("I Urge the council to keep the library open.", "Urge", NULL, "AUTHOR", NULL);
}

/* "I was told (by X) that I should ...": someone else's demand on the
 * writer, told as testimony; the writer's own "I was thinking that we
 * should ..." still proposes. */
Test(proposals, told_that_i_should_is_testimony)
{
    cr_expect_eq(nprop("I was told by the agent that I should pay the whole bill at once."), 0);
    cr_expect_eq(nprop("We were told that we must leave by noon."), 0);
    one("I told my neighbours that we should ask the council for a crossing.", "should", NULL, "AUTHOR", NULL);
}

/* A clause whose full stop was left out still opens with its imperative:
 * a capitalised verb right after a lower-case word ("... in an hour Raise
 * the fines"); not inside a title ("joined the Stop Late Fees campaign")
 * or a name. */
Test(proposals, imperative_after_lost_full_stop)
{
    one("the landlord never answers the phone Make him answer within a day.", "Make", NULL, "AUTHOR", NULL);
    cr_expect_eq(nprop("My aunt joined the Stop Late Fees campaign last year."), 0);
    cr_expect_eq(nprop("The letter came from Fix Auto Repair in Ohio."), 0);   /* a name after a preposition */
    cr_expect_eq(nprop("the landlord never answers Make Tracks, his moving company."), 0); /* title case */
    /* an object pronoun may end the clause before; a preposition or a
     * determiner before a capital makes a name */
    one("the court still let them evict me Make them show the lease first.", "Make", NULL, "AUTHOR", NULL);
    cr_expect_eq(nprop("we went to see the Stop Hunger people about it."), 0);
}

/* A list number inside a run-on sentence opens a list item that may be an
 * imperative ("... to fix 3. ban calls at night"); after a preposition the
 * items are nouns ("between 1) rent and 2) fees"), and a capitalised word
 * before the number makes it a reference ("Chapter 7)"). */
Test(proposals, list_number_inside_a_sentence)
{
    one("My requests are simple 1) answer letters within a month 2) stop calling my office", "stop", NULL, "AUTHOR",
        NULL);
    cr_expect_eq(nprop("The choice was between 1) help the tenants and 2) keep the fees."), 0);
    cr_expect_eq(nprop("The rules of Chapter 7) protect tenants from eviction."), 0);
    /* after a colon: "(1) require ..." opens an item; after "to:" the
     * items complete the infinitive */
    one("I want two changes: (1) require a signed lease", "require", NULL, "AUTHOR", NULL);
    cr_expect_eq(nprop("It is hard for tenants to: (1) check the lease; (2) find the owner; and (3) prove repairs."), 0);
}

/* Contractions typed without the apostrophe ("im", "ive") are no verbs
 * opening an imperative. */
Test(proposals, contraction_without_apostrophe)
{
    cr_expect_eq(nprop("im a landlord and most of my tenants pay on time"), 0);
    cr_expect_eq(nprop("ive a tenant who never pays"), 0);
    one("Reform the deposit rules.", "Reform", NULL, "AUTHOR", NULL); /* the generic imperative still works */
}

/* A verbless demand: "No" and a few words of no closed class, nothing
 * after them but a stop ("No late fees!"); answers, reports and sentences
 * with a verb or a preposition are not. */
Test(proposals, verbless_no_demand)
{
    one("No weekend eviction notices.", "No", "weekend eviction notices", "AUTHOR", NULL);
    one("3. No more surprise fees!", "No more", NULL, "AUTHOR", NULL);
    one("No robo-calls.", "No", NULL, "AUTHOR", NULL);
    cr_expect_eq(nprop("No reply from the landlord."), 0);       /* a preposition: testimony */
    cr_expect_eq(nprop("No answer."), 0);                        /* a common answer */
    cr_expect_eq(nprop("No problem at all."), 0);
    cr_expect_eq(nprop("No tenants complained."), 0);            /* a past verb */
    cr_expect_eq(nprop("No way."), 0);
    cr_expect_eq(nprop("The landlord said no late fees apply."), 0); /* not at the start */
}

/* "has to do something", "has to be done": advice even though a bare
 * "has to" is mostly testimony; the writer's own "I have to" is not. */
Test(proposals, has_to_do_something)
{
    one("The city has to do something about the potholes.", "has to do something", NULL, "AUTHOR", NULL);
    one("Something has to be done about the noise.", "has to be done", NULL, "AUTHOR", NULL);
    cr_expect_eq(nprop("I have to do something about my overdraft."), 0);
    cr_expect_eq(nprop("The plumber has to be paid on Friday."), 0); /* a bare "has to be" stays below the bar */
}

/* "I'm asking the agency to ...", "We're asking that ...": the writer asks;
 * someone else "asking me to" or "asking for" is testimony. */
Test(proposals, writer_is_asking)
{
    one("I'm asking the council to keep the pool open.", "asking", "keep the pool open", "AUTHOR", NULL);
    one("We're asking that the late fee be dropped.", "asking", NULL, "AUTHOR", NULL);
    cr_expect_eq(nprop("The clerk was asking me to sign the form again."), 0);
    cr_expect_eq(nprop("They keep asking for my bank details."), 0);
}

/* "My request is that ...", "the time has come to ...": the writer's wish. */
Test(proposals, request_is_and_time_has_come)
{
    one("My request is that the office open on Saturdays.", "My request is", NULL, "AUTHOR", NULL);
    one("The time has come to replace the old bridge.", "The time has come to", NULL, "AUTHOR", NULL);
    cr_expect_eq(nprop("My request for a refund was denied."), 0);
    cr_expect_eq(nprop("The time came for the vote at noon."), 0);
}

/* Asides of comments are no proposals: the writer's own dilemma, "you
 * should see ...", guesses about what others think, idioms; the same
 * modals before a real course of action still propose. */
Test(proposals, comment_asides)
{
    cr_expect_eq(nprop("I honestly don't know what I should tell my kids."), 0);
    cr_expect_eq(nprop("You should see the bills they sent my mother."), 0);
    cr_expect_eq(nprop("The landlords must think we are fools."), 0);
    cr_expect_eq(nprop("The agency must be joking."), 0);
    cr_expect_eq(nprop("Plumbers need to make a living too."), 0);
    cr_expect_eq(nprop("Don't get me wrong, I like my landlord."), 0);
    cr_expect_eq(nprop("Trust me, nobody reads those letters."), 0);
    one("You should fine the landlords who ignore repairs.", "should", NULL, "AUTHOR", NULL);
    one("The agency must think about older tenants first.", "must", NULL, "AUTHOR", NULL); /* no block: "think about" */
    one("Don't let landlords keep the deposit.", "Don't", NULL, "AUTHOR", NULL);
}

/* Advice once given to the writer ("my doctor recommended that I rest")
 * is testimony; the writer's own recommendation is not. */
Test(proposals, advice_given_to_the_writer)
{
    cr_expect_eq(nprop("My doctor recommended that I take a week off."), 0);
    cr_expect_eq(nprop("The clerk suggested I wait another month."), 0);
    one("I recommend that the clinic open on Sundays.", "recommend", NULL, "AUTHOR", NULL);
    one("The inspectors recommended that the mine be closed.", "recommended", NULL, NULL, NULL);
}

/* "should of done" is how "should've done" is often typed: regret, not advice. */
Test(proposals, should_of_is_regret)
{
    cr_expect_eq(nprop("the landlord should of fixed the heating last winter"), 0);
    cr_expect_eq(nprop("They must of lost my letter."), 0);
    one("The landlord should fix the heating.", "should", NULL, "AUTHOR", NULL);
}

/* "recommends that the agency prohibit ...": a bare verb after a short
 * subject is a demand even when a relative clause later holds a finite
 * verb; "suggested that the rent was too high" stays a claim. */
Test(proposals, mandative_that_clause)
{
    one("The tenants' union recommends that the city require repairs the owners cannot delay.", "recommends", NULL,
        NULL, NULL);
    cr_expect_eq(nprop("My neighbour suggested that the rent was far too high."), 0);
    cr_expect_eq(nprop("The study suggests that tenants pay more than they can afford."), 0);
}

/* "I support / oppose the proposal to ...": a stance on the rule under
 * comment, not a proposal of the writer's. */
Test(proposals, stance_on_the_proposal)
{
    cr_expect_eq(nprop("I fully support the proposal to cap deposits at one month's rent."), 0);
    cr_expect_eq(nprop("We strongly oppose the proposal to shorten the notice period."), 0);
    one("The mayor submitted a proposal to cap deposits.", "proposal", NULL, NULL, NULL);
}

/* Quantity words before a determiner open no imperative ("Half the time
 * ..."); a verb of no list before one still does. */
Test(proposals, quantity_word_is_no_imperative)
{
    cr_expect_eq(nprop("Half the time the office is closed when I call."), 0);
    cr_expect_eq(nprop("Plenty of tenants pay late."), 0);
    one("Reward the landlords who fix things quickly.", "Reward", NULL, "AUTHOR", NULL);
}

/* A proposing verb's action covers later cues of its own clause ("I
 * suggest that landlords must ..." is one proposal); a cue after a comma
 * or bracket is a proposal of its own, as when a comment runs two
 * propositions together ("... the old address), then the landlord must
 * ..."). */
Test(proposals, proposing_verb_and_later_clause)
{
    cr_expect_eq(nprop("I suggest that landlords must give a week's notice."), 1);
    cr_expect_eq(nprop("All I suggest is that notices go to the last address (not that tenants read them), "
                       "then the landlord must call as well."),
                 2);
}

/* "it would be fair / reasonable to require ...": a conditional judgement
 * that advises; "it would be fair to say" and "it is fair for X to" (what
 * is allowed) do not. */
Test(proposals, would_be_fair_to)
{
    one("It would be fair to require landlords to return deposits within a week.", "It would be fair to", NULL,
        "AUTHOR", NULL);
    one("It would be reasonable for the city to cap the fee.", "It would be reasonable for", NULL, "AUTHOR", NULL);
    cr_expect_eq(nprop("It would be fair to say that most landlords are honest."), 0);
    cr_expect_eq(nprop("It is fair for landlords to keep part of the deposit for damage."), 0);
}

/* "CFPB, do your job": an imperative after a vocative; after a clause of
 * its own before the comma it stays a verb of that clause. */
Test(proposals, imperative_after_vocative)
{
    one("Council, fix the streetlights.", "fix", NULL, "AUTHOR", NULL);
    one("HUD, do your job.", "do", NULL, "AUTHOR", NULL);
    cr_expect_eq(nprop("They lie, cheat the tenants and keep the deposits."), 0);
    cr_expect_eq(nprop("In Ohio, report the leak to the city and they come within a day."), 0);
}

/* "must" or "shall" stating what a law requires is no proposal: "by law
 * must", "Under the Act, ...", "the statute says that ..."; "should" after
 * the same opener still advises. */
Test(proposals, law_states_a_requirement)
{
    cr_expect_eq(nprop("Under the Housing Act, a landlord must return the deposit within 30 days."), 0);
    cr_expect_eq(nprop("The notice, which by law must list the fees, came a month late."), 0);
    cr_expect_eq(nprop("The statute says that tenants must be given two weeks."), 0);
    one("Under the new rules, landlords should return deposits within a week.", "should", NULL, "AUTHOR", NULL);
    one("Landlords must return deposits within a week.", "must", NULL, "AUTHOR", NULL);
}

/* An imperative and a modal close together make one proposal ("Work
 * emails should ..." is one), unless the modal has a subject of its own
 * right before it: a run-on of two ("STOP THIS NOW there should be ..."). */
Test(proposals, imperative_then_modal_with_own_subject)
{
    cr_expect_eq(nprop("FIX THE ROOF NOW there should be a deadline for repairs"), 2);
    cr_expect_eq(nprop("Work emails should be handled with care."), 1);
    cr_expect_eq(nprop("Text me please, it is easier."), 1);
}

/* "It's about time ...", "the best thing would be ...", "the only fair
 * thing is to ...": the writer's wish; the same words about the past are
 * not. */
Test(proposals, about_time_and_best_thing)
{
    one("It's about time the city fixed the sidewalks.", "It's about time", NULL, "AUTHOR", NULL);
    one("The best thing would be a free legal clinic in every county.", "best thing would be", NULL, "AUTHOR",
        NULL);
    one("The only fair thing is to refund the late fees.", "only fair thing is to", NULL, "AUTHOR", NULL);
    cr_expect_eq(nprop("The best thing that happened last year was the new park."), 0);
    cr_expect_eq(nprop("We arrived just about time for dinner."), 0);
}

/* "Instead of X-ing ..., do Y": the opening phrase ends at the comma and
 * the imperative after it counts; a verb after a bare comma still does
 * not. */
Test(proposals, instead_of_then_imperative)
{
    one("Instead of fining the owners a few dollars, close the unsafe buildings.", "close", NULL, "AUTHOR", NULL);
    one("Rather than adding more forms, simplify the ones we have.", "simplify", NULL, "AUTHOR", NULL);
    cr_expect_eq(nprop("The owners paid the fine, fix nothing and wait."), 0);
}

/* After a reporting verb that comes before the cue stands the reported
 * clause: an actor there is who should act, not the speaker ("the minister
 * said Vietnam should", "said, urging Vietnam to"); an actor after a
 * reporting verb that follows the quoted words still speaks. */
Test(proposals, actor_after_said_is_no_speaker)
{
    one("Japanese Foreign Minister Taro Kono met reporters in Tokyo. The minister said Vietnam should release the "
        "fishermen.",
        "should", "release the fishermen", "JPN", "VNM");
    one("Japanese Foreign Minister Taro Kono met reporters in Tokyo. The minister said, urging Vietnam to release the "
        "fishermen.",
        "urging", "release the fishermen", "JPN", "VNM");
    one("\"Release the fishermen now,\" said Japan's foreign minister.", "Release", NULL, "JPN", NULL);
}

/* A role ("the spokesman said") or a document ("the letter calls for")
 * stands for the speaker of the last reported proposal nearby, else the
 * actor that opened a clause (a subject), not merely the actor named
 * last; an actor inside a list is no clause opener. */
Test(proposals, role_stands_for_speaker_or_subject)
{
    one("Brazil's foreign ministry summoned the ambassador of Paraguay on Monday. Argentina should stay out of the "
        "dispute, the spokesman said.",
        "should", NULL, "BRA", "ARG");
    Annot__V1__AnnotatedDocument *d =
        pipeline_tag_text(P, "Norway urged Sweden to reopen the border crossing. Finland says the matter concerns only "
                             "Sweden. The crossing must reopen before winter, the minister said.");
    cr_assert_not_null(d);
    cr_assert_eq(d->n_proposals, 2);
    cr_expect(same_country(d->proposals[1]->proposer, "NOR"), "proposer %s", d->proposals[1]->proposer);
    pipeline_result_free(d);
    one("Chile, Peru and Bolivia sent a joint letter to Argentina. The letter calls for a new water-sharing deal.",
        "calls for", NULL, "CHL", NULL);
}

/* "warned that X could ...": a claim about what may happen, no proposal;
 * "urged that X be ..." and "warned X not to ..." still are. */
Test(proposals, warned_that_claim)
{
    cr_expect_eq(nprop("Canada's trade minister warned that farmers could lose their export markets."), 0);
    one("Canada's trade minister urged that the tariffs be lifted.", "urged", NULL, "CAN", NULL);
    one("Canada warned Mexico not to raise the duties.", "warned", NULL, "CAN", "MEX");
}

/* A proposing verb foretold ("will propose", "is expected to propose",
 * "plans to call for") is a prediction or an intention; "would like to
 * propose" and a plain "propose" are proposals. */
Test(proposals, proposing_verb_foretold)
{
    cr_expect_eq(nprop("The commission is expected to propose a tax on aviation fuel."), 0);
    cr_expect_eq(nprop("Poland will call on its partners to send more aid."), 0);
    cr_expect_eq(nprop("Austria plans to call for tighter checks at the border."), 0);
    one("We propose a tax on aviation fuel.", "propose", NULL, "AUTHOR", NULL);
    one("I would like to propose that the town add a bike lane.", "propose", NULL, "AUTHOR", NULL);
}

/* "X said it was necessary for Y to ...": necessity told in reported
 * speech, its tense moved back; "it was necessary to" in a narrative, or
 * told to the writer, is not. */
Test(proposals, necessity_in_reported_speech)
{
    one("Kenya's health minister said it was necessary for Uganda to close the border.", "necessary",
        "close the border", "KEN", "UGA");
    one("The US said it was essential that Iran return to the talks.", "essential", NULL, "USA", "IRN");
    cr_expect_eq(nprop("It was necessary to close the road after the storm."), 0);
    cr_expect_eq(nprop("The clerk told me it was necessary to pay a deposit."), 0);
}

/* A proposing verb whose subject names no actor ("Opposition senators
 * have urged", "Officials recommended", "... and demanded") is someone
 * the story is about, not the writer: the actor a role would stand for;
 * "our members" is still the writer's side. */
Test(proposals, third_person_subject_is_no_writer)
{
    one("Poland's constitutional court struck down the voting law on Tuesday. Opposition senators have urged the "
        "government to redraft it.",
        "urged", NULL, "POL", NULL);
    one("Spain's farm minister met the unions on Monday. Officials recommended a new subsidy for diesel.",
        "recommended", NULL, "ESP", NULL);
    one("Farmers in Spain blocked roads on Friday and demanded lower fuel taxes.", "demanded", NULL, "ESP", NULL);
    one("Our members have urged the council to act.", "urged", NULL, "AUTHOR", NULL);
    /* a new party, not the last speaker: the subject of a clause before */
    Annot__V1__AnnotatedDocument *d = pipeline_tag_text(
        P, "Germany urged Hungary to respect the court ruling. Poland's judges met in Warsaw on Friday. Several "
           "lawyers have proposed a new code of ethics.");
    cr_assert_not_null(d);
    cr_assert_eq(d->n_proposals, 2);
    cr_expect(same_country(d->proposals[1]->proposer, "POL"), "proposer %s", d->proposals[1]->proposer);
    pipeline_result_free(d);
}

/* "the agency said", "the committee said": an organisation noun stands
 * for the organisation named before, like a spokesman does. */
Test(proposals, organisation_noun_as_speaker)
{
    one("Cholera cases in Yemen doubled in a month, the World Health Organization said on Friday. Aid groups need to "
        "reach the port city soon, the agency said.",
        "need to", NULL, "IGOWHO", NULL);
}

/* More ways news reports a call: "pleaded with X to", "advised X to" (a
 * named actor needed), "has been asked to" (an address verb after "be" or
 * "been" takes "to" at once), "a plea for"; advice once given to the
 * writer, or an errand told of ("is told to"), is not one. */
Test(proposals, pleaded_advised_been_asked)
{
    one("Kenya pleaded with donors to release the funds.", "pleaded with", "release the funds", "KEN", NULL);
    one("The US advised Israel to delay the vote.", "advised", "delay the vote", "USA", "ISR");
    one("Egypt has been asked to mediate.", "asked", "mediate", NULL, "EGY");
    one("Schools could be encouraged to open libraries at weekends.", "encouraged", NULL, NULL, NULL);
    cr_expect_eq(nprop("When a tenant is told to leave, the landlord keeps the deposit."), 0);
    one("Merkel made a plea for unity.", "plea for", "unity", "DEU", NULL);
    cr_expect_eq(nprop("My doctor advised me to rest."), 0);
    cr_expect_eq(nprop("I have been asked to leave twice."), 0);
}

/* A quotation left open at a sentence's end belongs to the speaker named
 * where it closes ('"We must ... The ... ," said X.'), not to the person
 * named before it. */
Test(proposals, quotation_closed_later)
{
    Annot__V1__AnnotatedDocument *d = pipeline_tag_text(
        P, "Angela Merkel spoke first. \"Europe must open its ports to the rescue ships. Nobody else will,\" said "
           "Emmanuel Macron.");
    cr_assert_not_null(d);
    cr_assert_eq(d->n_proposals, 1);
    cr_expect(same_country(d->proposals[0]->proposer, "FRA"), "proposer %s", d->proposals[0]->proposer);
    pipeline_result_free(d);
    one("\"Europe must open its ports to the rescue ships. Nobody else will,\" Macron told reporters.", "must", NULL,
        "FRA", NULL);
}

/* Not proposals in news: what someone said they would do ("France said it
 * would ask ..."; the writer's "we would urge" still is), a step still
 * due ("must still be approved"), a foretold need ("will have to pay"). */
Test(proposals, future_in_past_and_procedure)
{
    cr_expect_eq(nprop("Italy said it would ask the Security Council to hold a meeting."), 0);
    one("We would urge the council to reconsider.", "urge", NULL, "AUTHOR", NULL);
    cr_expect_eq(nprop("The accord must still be approved by the Senate."), 0);
    cr_expect_eq(nprop("Greece will need to repay the loans by 2060."), 0);
    one("Greece must repay the loans by 2060.", "must", NULL, "AUTHOR", "GRC");
}

/* A reporting verb whose subject names no actor ("Opposition parties
 * said", "Former fire chiefs wrote") reports someone the story is about,
 * not the writer. */
Test(proposals, third_person_reporter_is_no_writer)
{
    Annot__V1__AnnotatedDocument *d = pipeline_tag_text(
        P, "Peru's president announced a new pension plan on Tuesday. Opposition parties said the plan was too small "
           "and renewed their call for early elections.");
    cr_assert_not_null(d);
    cr_assert_eq(d->n_proposals, 1);
    cr_expect(same_country(d->proposals[0]->proposer, "PER"), "proposer %s", d->proposals[0]->proposer);
    pipeline_result_free(d);
    d = pipeline_tag_text(P, "Australia's fire season began early this year. Former fire chiefs wrote an open letter "
                             "last week, calling for more water bombers.");
    cr_assert_not_null(d);
    cr_assert_eq(d->n_proposals, 1);
    cr_expect(same_country(d->proposals[0]->proposer, "AUS"), "proposer %s", d->proposals[0]->proposer);
    pipeline_result_free(d);
    one("My neighbours said the city should fix the road.", "should", NULL, "AUTHOR", NULL); /* no actor near */
}

/* ---- session 5: constructions found on half A of a split of CDCP train,
 * checked on half B (dev/split_train.py); sentences written for these tests */

Test(proposals, embedded_question_long_subject)
{
    /* "whether" before a long subject still asks rather than advises */
    cr_expect_eq(nprop("The real question is whether a small rural credit union in my county should report the loan."), 0);
    cr_expect_eq(nprop("Nobody knows how the new owner of an old medical account should contact the patient."), 0);
    /* a finite verb closes the embedded clause: the modal is the main one */
    one("Lenders that never check whether the balance is right should be fined.", "should", "be fined", "AUTHOR", NULL);
}

Test(proposals, told_to_the_writer_present_tense)
{
    /* "tell"/"telling" report like "told"/"tells": someone else's demand
     * on the writer, told as testimony */
    cr_expect_eq(nprop("The agents phone every evening and tell me I must settle the account."), 0);
    cr_expect_eq(nprop("The caller kept telling us we must wire the money that day."), 0);
    /* the writer's own advice to others still counts */
    one("I tell my tenants they should keep every receipt.", "should", "keep every receipt", "AUTHOR", NULL);
}

Test(proposals, reminder_of_a_fact)
{
    /* "let's remember that", "remember that": a fact kept in mind */
    cr_expect_eq(nprop("Let's remember that most renters pay on time."), 0);
    cr_expect_eq(nprop("Remember that the old statute already covers this."), 0);
    cr_expect_eq(nprop("Let us recall that the fund was set up for farmers."), 0);
    /* a reminder that holds advice is still a proposal; other objects of
     * "remember" and other verbs after "let's" still propose */
    cr_expect_eq(nprop("Remember that landlords must return the deposit."), 1);
    one("Remember the tenants when you draft the bill.", "Remember", NULL, "AUTHOR", NULL);
    one("Let's require a receipt for every payment.", "Let's", NULL, "AUTHOR", NULL);
}

Test(proposals, imperative_with_an_amount)
{
    /* an imperative verb whose object is a sum of money ("$5"): the sign
     * is punctuation to the tokenizer but opens the object */
    one("Add $10 to every late fee they charge.", "Add", NULL, "AUTHOR", NULL);
    one("Cap the penalty at £40.", "Cap", NULL, "AUTHOR", NULL);
    /* a past verb before an amount tells what happened */
    cr_expect_eq(nprop("Spent $300 on a lawyer last year."), 0);
    cr_expect_eq(nprop("Add $"), 0);
}

Test(proposals, definite_proposal_noun_is_talked_about)
{
    /* "this proposal to", "the plan to": a proposal already made, which
     * the sentence judges or reports on */
    cr_expect_eq(nprop("This proposal to cap rents would cost landlords very little."), 0);
    cr_expect_eq(nprop("The plan to close the clinic was dropped in May."), 0);
    cr_expect_eq(nprop("Those calls for calm came too late."), 0);
    /* an indefinite or possessive one is proposed; a reporting verb makes
     * a definite one the speaker's own again */
    one("Our plan to cap rents is simple.", "plan to", NULL, "AUTHOR", NULL);
    one("Canada renewed its call for a ceasefire.", "call for", NULL, "CAN", NULL);
    one("Kenya reiterated the proposal to pool vaccine orders.", "proposal", NULL, "KEN", NULL);
}

Test(proposals, condition_after_the_main_clause)
{
    /* "if"/"unless" after the main clause: the modal after it belongs to
     * the condition */
    cr_expect_eq(nprop("The form is pointless unless landlords must file it."), 0);
    cr_expect_eq(nprop("I would sign it if the court should order it."), 0);
    cr_expect_eq(nprop("The savings are small unless the receipts have to be kept."), 0);
    /* a modal before the condition, or a main clause after it, proposes */
    one("Landlords should return the deposit if the flat is clean.", "should", NULL, "AUTHOR", NULL);
    one("I think if they phone at night they should be fined.", "should", NULL, "AUTHOR", NULL);
    /* "then" after such a condition opens no imperative */
    cr_expect_eq(nprop("She asked if it was fine and would then share the list with others."), 0);
}

Test(proposals, writer_past_progressive_advice)
{
    /* "I was proposing", "we were suggesting": advice once in progress */
    cr_expect_eq(nprop("I was proposing a cheaper way to appeal."), 0);
    cr_expect_eq(nprop("We were recommending a shorter form."), 0);
    /* the present, a third party, or a modal inside still propose */
    one("I am proposing a cheaper way to appeal.", "proposing", NULL, "AUTHOR", NULL);
    one("Peru was proposing a joint patrol.", "proposing", NULL, "PER", NULL);
    one("We were suggesting that tenants should get a receipt.", "should", NULL, "AUTHOR", NULL);
}

Test(proposals, would_like_to_see)
{
    /* "I would like to see X", "we would also like there to be X": the
     * writer's wish for a course of action advocates it */
    one("I would like to see the council ban leaf blowers on Sundays.", "I would like to see", NULL, "AUTHOR", NULL);
    one("We would also like there to be a limit on late fees.", "We would also like there to be", NULL, "AUTHOR", NULL);
    one("What I would like to see is a public list of fines.", "I would like to see", NULL, "AUTHOR", NULL);
    /* a line that only opens a list of wishes proposes nothing itself */
    cr_expect_eq(nprop("Here is what I would like to see:"), 0);
    cr_expect_eq(nprop("Here is what we need:"), 0);
    /* other wishes after "would like to" are not advice */
    cr_expect_eq(nprop("I would like to thank the staff of the clinic."), 0);
}

/* Number of proposals found in a text whose cue is the given text. */
static size_t nprop_cue(const char *text, const char *cue)
{
    char buf[256];
    Annot__V1__AnnotatedDocument *d = pipeline_tag_text(P, text);
    cr_assert_not_null(d);
    size_t n = 0;
    for (size_t k = 0; k < d->n_proposals; k++)
        n += !strcmp(span_text(text, d->proposals[k]->cue, buf, sizeof buf), cue);
    pipeline_result_free(d);
    return n;
}

Test(proposals, verbless_list_items)
{
    /* items of a list after a line that asks for something, or beside an
     * item that proposes, are demands even without a verb: in one
     * sentence ... */
    const char *t1 = "Here is what we want in the new lease: 1) no rent rise in the first year 2) a written "
                     "receipt for every payment";
    cr_expect_eq(nprop_cue(t1, "no"), 1);
    cr_expect_eq(nprop_cue(t1, "a"), 1);
    const char *t2 = "Three things would help tenants: - a deposit held by the city - stop all evictions in "
                     "winter - real fines for mould";
    cr_expect_eq(nprop_cue(t2, "a"), 1);
    cr_expect_eq(nprop_cue(t2, "real"), 1);
    cr_expect_eq(nprop_cue("My suggestions: (1) free parking for nurses; (2) longer library hours.", "free"), 1);
    /* ... or on lines of their own */
    const char *t3 = "Here is what we want in the new lease:\n1) no rent rise in the first year\n"
                     "2) a written receipt for every payment\nThank you.";
    cr_expect_eq(nprop(t3), 2);
    /* lists that ask for nothing, statements, titles, a colon after a
     * preposition or inside a word are not */
    cr_expect_eq(nprop("I lost three things:\n- my job\n- a lot of sleep\n- two old cars"), 0);
    cr_expect_eq(nprop("The bill has three parts: (1) a cap on rents (2) a ban on agency fees"), 0);
    cr_expect_eq(nprop("Here is what we want in the lease: 1) the current deposit rules are fine 2) rents are "
                       "too high"),
                 0);
    cr_expect_eq(nprop("Tenants should read these: - Renting A Home In The City - Your Rights As A Tenant"), 1);
    cr_expect_eq(nprop("Landlords should stop acting like: bailiffs, judges or bankers."), 1);
    cr_expect_eq(nprop("We met at 10:30 near the station."), 0);
}

Test(proposals, proposal_named_not_made)
{
    /* a proposing verb whose object was moved out ("the changes you
     * suggest would help") or a participle after a preposition ("based on
     * suggested changes") names a proposal the sentence talks about */
    cr_expect_eq(nprop("The changes you suggest would help tenants a lot."), 0);
    cr_expect_eq(nprop("What they recommend is far too costly for schools."), 0);
    cr_expect_eq(nprop("My remarks are based upon suggested changes to the lease."), 0);
    cr_expect_eq(nprop("We met to talk about proposed cuts to the bus routes."), 0);
    /* the writer's own pseudo-cleft and plain proposing verbs still propose */
    one("What I propose is a cap on rents.", "propose", NULL, "AUTHOR", NULL);
    one("I suggest a cap on rents.", "suggest", NULL, "AUTHOR", NULL);
}

Test(proposals, has_to_be_stopped)
{
    /* the stop / change / end verbs in the passive, and "fixed", "banned" */
    one("This endless calling has to be stopped by law!", "has to be stopped", NULL, "AUTHOR", NULL);
    one("Night flights have to be banned.", "have to be banned", NULL, "AUTHOR", NULL);
    /* a bare "has to be" + another participle stays under the bar */
    cr_expect_eq(nprop("The plumber has to be paid on Friday."), 0);
}

Test(proposals, guess_word_in_a_later_clause)
{
    /* "already", "by now" make a modal a guess only in its own clause */
    one("Landlords may inspect the flat, and shouldn't be blocked just because the tenant already moved out.",
        "shouldn't", NULL, "AUTHOR", NULL);
    one("Fines should rise when a landlord has already been warned.", "should", NULL, "AUTHOR", NULL);
    cr_expect_eq(nprop("The repairs should already be done."), 0);
    cr_expect_eq(nprop("The bridge should be finished by now, which is late."), 0);
}

Test(proposals, expectation_of_cost)
{
    /* "this shouldn't be burdensome": cost and burden words after "it /
     * this / that should be" judge a thing, like "difficult" */
    cr_expect_eq(nprop("This shouldn't be burdensome for small shops."), 0);
    cr_expect_eq(nprop("It should not be costly to file online."), 0);
    /* with another subject they still advise */
    one("Fines should be costly for repeat offenders.", "should", NULL, "AUTHOR", NULL);
}

/* Found by fuzz/fuzz_text (see fuzz/README.md): a text whose last token is
 * a verb of address with no object ("... the envoy urged", no stop after
 * it) made pr_judge() look up the word after it, the token one past the
 * last: the id and key arrays were read, and the id written, one past
 * their end.  On a text of more than 4096 tokens those arrays are on the
 * heap, where ASan stops on it; on a shorter one they are on the stack and
 * the key read there is whatever was left, which indexed a 4096-entry
 * table far out of bounds. */
Test(proposals, verb_of_address_as_the_last_token)
{
    static const char *const ends[] = {"The envoy urged", "Officials in Kyiv blamed Moscow, and the U.S. envoy urged"};
    for (size_t k = 0; k < sizeof ends / sizeof ends[0]; k++) {
        size_t reps = 1500; /* 3 tokens each: the arrays go to the heap */
        char *text = malloc(reps * 12 + 128);
        cr_assert_not_null(text);
        size_t n = 0;
        for (size_t r = 0; r < reps; r++) {
            memcpy(text + n, "Rain fell. ", 11);
            n += 11;
        }
        strcpy(text + n, ends[k]);
        Annot__V1__AnnotatedDocument *d = pipeline_tag_text(P, text);
        cr_assert_not_null(d);
        cr_expect_eq(d->n_proposals, 0, "%s: nothing is urged", ends[k]);
        pipeline_result_free(d);
        /* and short, with the arrays on the stack */
        d = pipeline_tag_text(P, ends[k]);
        cr_assert_not_null(d);
        cr_expect_eq(d->n_proposals, 0, "%s: nothing is urged", ends[k]);
        pipeline_result_free(d);
        free(text);
    }
}
