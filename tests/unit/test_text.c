/*
 * Tests for lib/text.c: the text core's tokens and sentences.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

static text_layout L;
static const char *T;

static void teardown(void) { text_layout_free(&L); }

TestSuite(text, .fini = teardown);

/* Check the invariants every layout must hold: sentences tile the tokens
 * in order, token.sentence points back, SENT_START marks first tokens,
 * offsets are increasing and inside the text. */
static void check_layout(size_t len)
{
	size_t next = 0;
	for (size_t s = 0; s < L.n_sentences; s++) {
		const annot_sentence *S = &L.sentences[s];
		cr_assert_eq(S->first_token, next, "sentence %zu starts at token %u, expected %zu", s,
			     S->first_token, next);
		cr_assert_gt(S->n_tokens, 0u, "sentence %zu is empty", s);
		cr_assert_eq(S->start, L.tokens[S->first_token].start);
		cr_assert_eq(S->end, L.tokens[S->first_token + S->n_tokens - 1].end);
		for (size_t k = S->first_token; k < S->first_token + S->n_tokens; k++) {
			cr_assert_eq(L.tokens[k].sentence, s, "token %zu has sentence %u, expected %zu", k,
				     L.tokens[k].sentence, s);
			int first = k == S->first_token;
			cr_assert_eq((L.tokens[k].flags & ANNOT_TOK_SENT_START) != 0, first,
				     "token %zu SENT_START flag wrong", k);
		}
		next += S->n_tokens;
	}
	cr_assert_eq(next, L.n_tokens, "sentences cover %zu of %zu tokens", next, L.n_tokens);
	for (size_t k = 0; k < L.n_tokens; k++) {
		cr_assert_lt(L.tokens[k].start, L.tokens[k].end);
		cr_assert_leq(L.tokens[k].end, len);
		if (k) cr_assert_leq(L.tokens[k - 1].end, L.tokens[k].start);
	}
}

/* Analyse a NUL-terminated text and check the layout's invariants. */
static void analyse(const char *text)
{
	T = text;
	cr_assert_eq(text_analyse(&L, text, strlen(text)), 0);
	check_layout(strlen(text));
}

/* The tokens joined by '|'. */
static const char *tokens(void)
{
	static char out[4096];
	size_t o = 0;
	for (size_t k = 0; k < L.n_tokens; k++) {
		const annot_token *t = &L.tokens[k];
		o += (size_t)snprintf(out + o, sizeof out - o, "%s%.*s", k ? "|" : "",
				      (int)(t->end - t->start), T + t->start);
	}
	out[o] = 0;
	return out;
}

/* The sentences' texts joined by " || ". */
static const char *sentences(void)
{
	static char out[4096];
	size_t o = 0;
	out[0] = 0;
	for (size_t s = 0; s < L.n_sentences; s++) {
		const annot_sentence *S = &L.sentences[s];
		o += (size_t)snprintf(out + o, sizeof out - o, "%s%.*s", s ? " || " : "",
				      (int)(S->end - S->start), T + S->start);
	}
	return out;
}

static void expect_tokens(const char *text, const char *want)
{
	analyse(text);
	cr_assert_str_eq(tokens(), want, "tokens of \"%s\": got \"%s\"", text, tokens());
}

static void expect_sentences(const char *text, const char *want)
{
	analyse(text);
	cr_assert_str_eq(sentences(), want, "sentences of \"%s\": got \"%s\"", text, sentences());
}

/* Index of the token with this text (first one), asserting it exists. */
static size_t tok(const char *s)
{
	for (size_t k = 0; k < L.n_tokens; k++)
		if (L.tokens[k].end - L.tokens[k].start == strlen(s) &&
		    !memcmp(T + L.tokens[k].start, s, strlen(s)))
			return k;
	cr_assert_fail("no token \"%s\" in %s", s, tokens());
	return 0;
}

static int has(size_t k, uint32_t flag) { return (L.tokens[k].flags & flag) != 0; }

/* ---- tokens ---- */

Test(text, words_and_punctuation)
{
	expect_tokens("The talks failed, again.", "The|talks|failed|,|again|.");
	cr_assert(has(0, ANNOT_TOK_WORD));
	cr_assert(has(3, ANNOT_TOK_PUNCT));
	cr_assert(!has(3, ANNOT_TOK_WORD));
}

Test(text, contraction_stays_whole)
{
	expect_tokens("They don't agree.", "They|don't|agree|.");
	cr_assert(!has(tok("don't"), ANNOT_TOK_POSSESSIVE));
	expect_tokens("They don\xE2\x80\x99t agree.", "They|don\xE2\x80\x99t|agree|.");
}

Test(text, possessive_split)
{
	expect_tokens("Brazil's navy sailed.", "Brazil|'s|navy|sailed|.");
	size_t k = tok("'s");
	cr_assert(has(k, ANNOT_TOK_POSSESSIVE));
	cr_assert(!has(k, ANNOT_TOK_SPACE_BEFORE));
	cr_assert_eq(L.tokens[k].start, 6u);
	cr_assert_eq(L.tokens[k].end, 8u);
}

Test(text, curly_possessive_split)
{
	expect_tokens("Brazil\xE2\x80\x99s navy", "Brazil|\xE2\x80\x99s|navy");
	size_t k = tok("\xE2\x80\x99s");
	cr_assert(has(k, ANNOT_TOK_POSSESSIVE));
	cr_assert_eq(L.tokens[k].end - L.tokens[k].start, 4u);
}

Test(text, plural_possessive)
{
	expect_tokens("the countries' leaders met", "the|countries|'|leaders|met");
	cr_assert(has(2, ANNOT_TOK_POSSESSIVE));
	expect_tokens("the countries\xE2\x80\x99 leaders", "the|countries|\xE2\x80\x99|leaders");
	cr_assert(has(2, ANNOT_TOK_POSSESSIVE));
}

Test(text, quote_after_word_is_not_possessive)
{
	/* a closing quote after a word not ending in s */
	expect_tokens("he said 'no' twice", "he|said|'|no|'|twice");
	cr_assert(!has(4, ANNOT_TOK_POSSESSIVE));
}

Test(text, possessive_at_end_of_exact_buffer)
{
	/* the text is not NUL-terminated: nothing may be read past len */
	const char *src = "the bosses'";
	size_t n = strlen(src);
	char *b = malloc(n);
	memcpy(b, src, n);
	T = b;
	cr_assert_eq(text_analyse(&L, b, n), 0);
	check_layout(n);
	cr_assert_str_eq(tokens(), "the|bosses|'");
	cr_assert(has(2, ANNOT_TOK_POSSESSIVE));
	free(b);
}

Test(text, dotted_abbreviation_is_one_token)
{
	expect_tokens("U.S. officials and e.g. others", "U.S.|officials|and|e.g.|others");
	cr_assert(has(0, ANNOT_TOK_ABBREV));
	cr_assert(has(0, ANNOT_TOK_WORD));
	cr_assert(has(0, ANNOT_TOK_UPPER));
	cr_assert(has(3, ANNOT_TOK_ABBREV));
	cr_assert(!has(1, ANNOT_TOK_ABBREV));
}

Test(text, hyphen_splits)
{
	expect_tokens("China-US talks", "China|-|US|talks");
	cr_assert(has(1, ANNOT_TOK_PUNCT));
	cr_assert(!has(1, ANNOT_TOK_SPACE_BEFORE));
	cr_assert(!has(2, ANNOT_TOK_SPACE_BEFORE));
	cr_assert(has(2, ANNOT_TOK_UPPER));
}

Test(text, numbers)
{
	expect_tokens("It rose 3.5 percent to 1,000 units.", "It|rose|3.5|percent|to|1,000|units|.");
	cr_assert(has(2, ANNOT_TOK_NUMBER));
	cr_assert(!has(2, ANNOT_TOK_WORD));
	cr_assert(has(5, ANNOT_TOK_NUMBER));
	/* a final period after a number is not part of it */
	expect_tokens("He got 3. Then", "He|got|3|.|Then");
}

Test(text, non_ascii_letters)
{
	expect_tokens("Talks in Z\xC3\xBCrich ended", "Talks|in|Z\xC3\xBCrich|ended");
	size_t k = tok("Z\xC3\xBCrich");
	cr_assert(has(k, ANNOT_TOK_WORD));
	cr_assert(has(k, ANNOT_TOK_CAP));
	cr_assert(!has(k, ANNOT_TOK_UPPER));
	cr_assert_eq(L.tokens[k].start, 9u);
	cr_assert_eq(L.tokens[k].end, 16u); /* ü is two bytes */
	cr_assert_eq(L.tokens[k + 1].start, 17u);
	/* an upper-case non-ASCII initial */
	expect_tokens("\xC3\x89mile spoke", "\xC3\x89mile|spoke");
	cr_assert(has(0, ANNOT_TOK_CAP));
}

Test(text, curly_quotes_are_punctuation)
{
	expect_tokens("\xE2\x80\x9CNo,\xE2\x80\x9D he said", "\xE2\x80\x9C|No|,|\xE2\x80\x9D|he|said");
	cr_assert(has(0, ANNOT_TOK_PUNCT));
	cr_assert(has(1, ANNOT_TOK_WORD));
	cr_assert(has(1, ANNOT_TOK_CAP));
	cr_assert(has(3, ANNOT_TOK_PUNCT));
}

Test(text, case_flags)
{
	expect_tokens("NATO and Russia and nato", "NATO|and|Russia|and|nato");
	cr_assert(has(0, ANNOT_TOK_CAP));
	cr_assert(has(0, ANNOT_TOK_UPPER));
	cr_assert(has(2, ANNOT_TOK_CAP));
	cr_assert(!has(2, ANNOT_TOK_UPPER));
	cr_assert(!has(4, ANNOT_TOK_CAP));
	cr_assert(!has(4, ANNOT_TOK_UPPER));
}

Test(text, space_and_line_flags)
{
	analyse("One two\nthree\n\nFour.");
	cr_assert_str_eq(tokens(), "One|two|three|Four|.");
	/* the first token opens the text: treated as after a paragraph break */
	cr_assert(has(0, ANNOT_TOK_PARA_BEFORE));
	cr_assert(has(1, ANNOT_TOK_SPACE_BEFORE));
	cr_assert(!has(1, ANNOT_TOK_NEWLINE_BEFORE));
	cr_assert(has(2, ANNOT_TOK_NEWLINE_BEFORE));
	cr_assert(has(2, ANNOT_TOK_SPACE_BEFORE));
	cr_assert(!has(2, ANNOT_TOK_PARA_BEFORE));
	cr_assert(has(3, ANNOT_TOK_PARA_BEFORE));
	cr_assert(has(3, ANNOT_TOK_NEWLINE_BEFORE));
	cr_assert(!has(4, ANNOT_TOK_SPACE_BEFORE));
}

Test(text, crlf_blank_line_is_paragraph)
{
	analyse("First one.\r\n\r\nSecond one.");
	cr_assert_eq(L.n_sentences, 2);
	cr_assert(has(tok("Second"), ANNOT_TOK_PARA_BEFORE));
	cr_assert(L.sentences[1].flags & ANNOT_SENT_PARA_START);
}

Test(text, byte_offsets)
{
	analyse("  Hi, you.");
	cr_assert_eq(L.n_tokens, 4);
	cr_assert_eq(L.tokens[0].start, 2u);
	cr_assert_eq(L.tokens[0].end, 4u);
	cr_assert_eq(L.tokens[1].start, 4u);
	cr_assert_eq(L.tokens[2].start, 6u);
	cr_assert_eq(L.tokens[3].end, 10u);
	cr_assert_eq(L.sentences[0].start, 2u);
	cr_assert_eq(L.sentences[0].end, 10u);
}

Test(text, lower_copy)
{
	analyse("ABC Z\xC3\x9Crich x");
	cr_assert_str_eq(L.lower, "abc z\xC3\x9Crich x");
}

/* Every ASCII byte and the bytes of two- to four-byte letters, at every
 * place of every length up to 100: the copy lower-cases A-Z alone, in the
 * 32- and 16-byte blocks, the 8-byte words and the tail alike. */
Test(text, lower_copy_every_byte_and_length)
{
	static const char *const multi[] = {"\xC3\x89", "\xC3\xA9", "\xE2\x80\x99", "\xF0\x9F\x98\x80", "\xC2\xA0"};
	char buf[200];
	for (int seed = 0; seed < 127; seed++)
		for (size_t len = 1; len <= 100; len++) {
			size_t n = 0;
			for (int k = 0; n < len; k++) {
				int c = 1 + (seed + k * 37) % 127;
				if (c >= 123 && n + 4 <= len) { /* now and then a letter of several bytes */
					const char *m = multi[c % 5];
					memcpy(buf + n, m, strlen(m));
					n += strlen(m);
				} else {
					buf[n++] = (char)c;
				}
			}
			buf[n] = 0;
			analyse(buf);
			for (size_t i = 0; i < n; i++) {
				unsigned char c = (unsigned char)buf[i];
				unsigned char want = c >= 'A' && c <= 'Z' ? (unsigned char)(c | 0x20) : c;
				cr_assert_eq((unsigned char)L.lower[i], want, "seed %d length %zu byte %zu", seed, n, i);
			}
			cr_assert_eq(L.lower[n], 0);
		}
}

Test(text, empty_and_blank)
{
	analyse("");
	cr_assert_eq(L.n_tokens, 0);
	cr_assert_eq(L.n_sentences, 0);
	analyse("  \n\t ");
	cr_assert_eq(L.n_tokens, 0);
	cr_assert_eq(L.n_sentences, 0);
}

Test(text, buffers_are_reused)
{
	analyse("A first, longer text with several words. And two sentences.");
	analyse("Short.");
	cr_assert_str_eq(tokens(), "Short|.");
	cr_assert_eq(L.n_sentences, 1);
	cr_assert_str_eq(L.lower, "short.");
}

Test(text, many_tokens_grow)
{
	size_t n = 5000;
	char *b = malloc(n * 4 + 1);
	for (size_t i = 0; i < n; i++) memcpy(b + 4 * i, i % 10 == 9 ? "ab. " : i % 10 == 0 ? "Ab  " : "ab  ", 4);
	b[n * 4] = 0;
	analyse(b);
	cr_assert_eq(L.n_tokens, n + n / 10);
	cr_assert_eq(L.n_sentences, n / 10);
	free(b);
}

/* ---- sentences ---- */

Test(text, split_at_period_and_capital)
{
	expect_sentences("The talks ended. Both sides left.", "The talks ended. || Both sides left.");
	cr_assert_eq(L.tokens[tok("Both")].sentence, 1u);
	cr_assert_eq(L.tokens[tok("ended")].sentence, 0u);
	cr_assert_eq(L.sentences[1].first_token, tok("Both"));
	cr_assert_eq(L.sentences[1].n_tokens, 4u);
}

Test(text, no_split_before_lower_case)
{
	expect_sentences("It cost 5 p.c. of the total.", "It cost 5 p.c. of the total.");
	expect_sentences("Wait... and see.", "Wait... and see.");
}

Test(text, exclamation_and_ellipsis)
{
	expect_sentences("Stop it! They did.", "Stop it! || They did.");
	expect_sentences("It waited\xE2\x80\xA6 Then it struck.", "It waited\xE2\x80\xA6 || Then it struck.");
}

Test(text, title_abbreviation)
{
	expect_sentences("Mr. Smith arrived. He left.", "Mr. Smith arrived. || He left.");
	expect_sentences("Talks with Dr. Jones and Gen. Lee ended.", "Talks with Dr. Jones and Gen. Lee ended.");
}

Test(text, initials)
{
	expect_sentences("Peter W. Singer wrote it. Others agreed.", "Peter W. Singer wrote it. || Others agreed.");
}

Test(text, abbreviation_before_noun)
{
	expect_sentences("U.S. officials met. They talked.", "U.S. officials met. || They talked.");
	expect_sentences("The U.S. Senate voted.", "The U.S. Senate voted.");
}

Test(text, abbreviation_ends_sentence)
{
	expect_sentences("He lives in the U.S. The weather is fine.", "He lives in the U.S. || The weather is fine.");
	cr_assert_eq(L.tokens[tok("U.S.")].sentence, 0u);
}

Test(text, number_abbreviation_only_before_number)
{
	/* "No." abbreviates only before a number */
	expect_sentences("Resolution No. 5 passed.", "Resolution No. 5 passed.");
	expect_sentences("The answer was no. The talks ended.", "The answer was no. || The talks ended.");
	expect_sentences("See art. 5 of the treaty.", "See art. 5 of the treaty.");
	expect_sentences("They stole the art. Police came.", "They stole the art. || Police came.");
}

Test(text, question)
{
	analyse("Will they talk? Nobody knows.");
	cr_assert_eq(L.n_sentences, 2);
	cr_assert(L.sentences[0].flags & ANNOT_SENT_QUESTION);
	cr_assert(!(L.sentences[1].flags & ANNOT_SENT_QUESTION));
	analyse("He asked \"why?\" Nobody answered.");
	cr_assert_eq(L.n_sentences, 2);
	cr_assert(L.sentences[0].flags & ANNOT_SENT_QUESTION);
}

Test(text, closing_quote_stays)
{
	expect_sentences("He said \"never.\" Then he left.", "He said \"never.\" || Then he left.");
	expect_sentences("He said \xE2\x80\x9Cno.\xE2\x80\x9D Then he left.",
			 "He said \xE2\x80\x9Cno.\xE2\x80\x9D || Then he left.");
	expect_sentences("(It was late.) Then he left.", "(It was late.) || Then he left.");
}

Test(text, opening_quote_starts_sentence)
{
	expect_sentences("He left. \"We will return,\" he said.", "He left. || \"We will return,\" he said.");
}

Test(text, paragraphs)
{
	analyse("First paragraph here.\n\nSecond paragraph. Still second.\n\nThird");
	cr_assert_eq(L.n_sentences, 4);
	cr_assert(L.sentences[0].flags & ANNOT_SENT_PARA_START);
	cr_assert(L.sentences[1].flags & ANNOT_SENT_PARA_START);
	cr_assert(!(L.sentences[2].flags & ANNOT_SENT_PARA_START));
	cr_assert(L.sentences[3].flags & ANNOT_SENT_PARA_START);
}

Test(text, blank_line_ends_sentence_without_period)
{
	expect_sentences("no period here\n\nnext part.", "no period here || next part.");
}

Test(text, heading)
{
	analyse("Trade war looms\nChina said on Monday that it would act.");
	cr_assert_str_eq(sentences(), "Trade war looms || China said on Monday that it would act.");
	cr_assert(L.sentences[0].flags & ANNOT_SENT_HEADING);
	cr_assert(!(L.sentences[1].flags & ANNOT_SENT_HEADING));
}

Test(text, a_line_with_nothing_after_it_is_not_a_heading)
{
	analyse("Talks resume in Geneva");
	cr_assert_eq(L.n_sentences, 1);
	cr_assert(!(L.sentences[0].flags & ANNOT_SENT_HEADING), "a one-line document heads nothing");
	analyse("First paragraph here.\n\nAnd a last line without a stop");
	cr_assert(!(L.sentences[1].flags & ANNOT_SENT_HEADING));
}

Test(text, short_line_with_period_is_not_heading)
{
	analyse("It rained.\nThen it stopped.");
	cr_assert_eq(L.n_sentences, 2);
	cr_assert(!(L.sentences[0].flags & ANNOT_SENT_HEADING));
	cr_assert(!(L.sentences[1].flags & ANNOT_SENT_HEADING));
}

Test(text, line_ending_in_colon_is_not_heading)
{
	analyse("He listed three things:\nFood and water.");
	cr_assert(!(L.sentences[0].flags & ANNOT_SENT_HEADING));
}

Test(text, hard_wrapped_lines_join)
{
	expect_sentences("The minister said that\nthe talks would go on. Others\ndisagreed.",
			 "The minister said that\nthe talks would go on. || Others\ndisagreed.");
	cr_assert(!(L.sentences[0].flags & ANNOT_SENT_HEADING));
}

Test(text, last_sentence_without_period)
{
	expect_sentences("One thing. And another", "One thing. || And another");
}

Test(text, non_ascii_spaces_and_symbols)
{
	/* no-break space separates; an em dash and an emoji are tokens of their own */
	expect_tokens("war\xC2\xA0zone war\xE2\x80\x94peace \xF0\x9F\x98\x80!", "war|zone|war|\xE2\x80\x94|peace|\xF0\x9F\x98\x80|!");
	cr_assert(has(1, ANNOT_TOK_SPACE_BEFORE));
	cr_assert(has(3, ANNOT_TOK_PUNCT));
	cr_assert(!has(3, ANNOT_TOK_SPACE_BEFORE));
	cr_assert(has(5, ANNOT_TOK_PUNCT));
	cr_assert_eq(L.tokens[5].end - L.tokens[5].start, 4u);
}

Test(text, double_hyphen_is_one_dash)
{
	expect_tokens("talks--again", "talks|--|again");
}

Test(text, quoted_question_inside_sentence)
{
	analyse("\"Why now?\" he asked. Nobody knew.");
	cr_assert_str_eq(sentences(), "\"Why now?\" he asked. || Nobody knew.");
	cr_assert(!(L.sentences[0].flags & ANNOT_SENT_QUESTION));
}

Test(text, a_run_on_sentence_is_cut_at_the_token_limit)
{
	static char buf[20000];
	size_t o = 0;
	for (int i = 0; i < 1000; i++) o += (size_t)snprintf(buf + o, sizeof buf - o, "word%d and ", i);
	analyse(buf);
	cr_assert_gt(L.n_sentences, 1);
	for (size_t s = 0; s < L.n_sentences; s++)
		cr_assert_leq(L.sentences[s].n_tokens, ANNOT_MAX_SENTENCE_TOKENS);
	cr_assert_eq(L.sentences[0].n_tokens, ANNOT_MAX_SENTENCE_TOKENS);
}

Test(text, words_and_numbers_at_end_of_exact_buffer)
{
	/* the text is not NUL-terminated: the word scan and the number rule
	 * ("3.5", "1,000") must not read past len */
	const char *srcs[] = {"costs rose 3", "the talks with NATO", "talks rose 12"};
	const char *want[] = {"costs|rose|3", "the|talks|with|NATO", "talks|rose|12"};
	for (size_t k = 0; k < 3; k++) {
		size_t n = strlen(srcs[k]);
		char *b = malloc(n);
		memcpy(b, srcs[k], n);
		T = b;
		cr_assert_eq(text_analyse(&L, b, n), 0);
		check_layout(n);
		cr_assert_str_eq(tokens(), want[k]);
		free(b);
	}
	cr_assert(has(2, ANNOT_TOK_NUMBER));
}

Test(text, case_flags_of_plain_words)
{
	expect_tokens("NATO Nato nATO A1 x2 Ab", "NATO|Nato|nATO|A1|x2|Ab");
	cr_assert(has(0, ANNOT_TOK_CAP) && has(0, ANNOT_TOK_UPPER));
	cr_assert(has(1, ANNOT_TOK_CAP) && !has(1, ANNOT_TOK_UPPER));
	cr_assert(!has(2, ANNOT_TOK_CAP) && !has(2, ANNOT_TOK_UPPER));
	cr_assert(has(3, ANNOT_TOK_CAP) && has(3, ANNOT_TOK_UPPER));
	cr_assert(!has(4, ANNOT_TOK_CAP) && !has(4, ANNOT_TOK_UPPER));
	cr_assert(has(5, ANNOT_TOK_CAP) && !has(5, ANNOT_TOK_UPPER));
	for (size_t k = 0; k < 6; k++) cr_assert(has(k, ANNOT_TOK_WORD));
}

Test(text, dense_punctuation_grows_the_token_array)
{
	/* a token per byte: far more than news text needs */
	static char buf[6001];
	for (size_t i = 0; i < 6000; i++) buf[i] = i % 2 ? ',' : 'a';
	buf[6000] = 0;
	analyse(buf);
	cr_assert_eq(L.n_tokens, 6000u);
	cr_assert_eq(L.n_sentences, 15u); /* cut at the token limit */
}

Test(text, a_blank_line_with_spaces_is_a_paragraph_break)
{
	analyse("One line\n \nTwo lines\nThree");
	cr_assert(has(tok("Two"), ANNOT_TOK_PARA_BEFORE));
	cr_assert(has(tok("Two"), ANNOT_TOK_NEWLINE_BEFORE));
	cr_assert(!has(tok("Three"), ANNOT_TOK_PARA_BEFORE));
	cr_assert(has(tok("Three"), ANNOT_TOK_NEWLINE_BEFORE));
	cr_assert_str_eq(sentences(), "One line || Two lines || Three");
}

Test(text, a_run_on_cut_then_a_period)
{
	/* the cut comes between the boundaries the splitter looks at */
	static char buf[8000];
	size_t o = 0;
	for (int i = 0; i < 450; i++) o += (size_t)snprintf(buf + o, sizeof buf - o, "word ");
	snprintf(buf + o, sizeof buf - o, "end. Next one.");
	analyse(buf);
	cr_assert_eq(L.n_sentences, 3u);
	cr_assert_eq(L.sentences[0].n_tokens, ANNOT_MAX_SENTENCE_TOKENS);
	cr_assert_eq(L.sentences[1].n_tokens, 450u - ANNOT_MAX_SENTENCE_TOKENS + 2);
	cr_assert_eq(L.sentences[2].n_tokens, 3u);
}

Test(text, the_token_array_fills_after_a_word_before_punctuation)
{
	/* words each followed by a comma ("ab,ab,..."), after a lead of 0-3
	 * spaced words: one of the leads makes the array fill with a word
	 * that punctuation follows (the word loop must go back to make room
	 * before the comma is stored) */
	static char buf[4 * 1024 + 16];
	for (size_t lead = 0; lead < 4; lead++) {
		size_t n = 0;
		for (size_t w = 0; w < lead; w++) n += (size_t)sprintf(buf + n, "cd ");
		size_t pairs = (sizeof buf - 16 - n) / 3;
		for (size_t w = 0; w < pairs; w++) n += (size_t)sprintf(buf + n, "ab,");
		buf[n] = 0;
		analyse(buf);
		cr_assert_eq(L.n_tokens, lead + 2 * pairs, "lead %zu", lead);
		for (size_t k = lead; k < L.n_tokens; k++)
			cr_assert_eq(L.tokens[k].flags & (ANNOT_TOK_WORD | ANNOT_TOK_PUNCT),
				     (k - lead) % 2 ? ANNOT_TOK_PUNCT : ANNOT_TOK_WORD, "lead %zu token %zu", lead, k);
	}
}
