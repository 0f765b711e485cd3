import type { CallQuestion, FieldIssue, ProposalAuthor } from '@amphi/contracts';
import { ruleIssue } from '../../common/domain-errors';
import type { CallForProposals, Submission } from '../call.entities';
import { abstractLength } from '../call-rules';

/** The fields of a proposal the rules look at. */
export type ProposalFields = Pick<Submission, 'typeKey' | 'themeKey' | 'abstract' | 'authors' | 'answers' | 'conflictPersonIds'>;

/** Whether an answer is of the kind its question asks for. */
function answerFits(question: CallQuestion, value: string | number | boolean): 'ok' | 'answer_kind' | 'unknown_option' {
  switch (question.kind) {
    case 'text':
    case 'long_text':
      return typeof value === 'string' ? 'ok' : 'answer_kind';
    case 'choice':
      if (typeof value !== 'string') return 'answer_kind';
      return (question.options ?? []).some((o) => o.key === value) ? 'ok' : 'unknown_option';
    case 'yes_no':
      return typeof value === 'boolean' ? 'ok' : 'answer_kind';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? 'ok' : 'answer_kind';
  }
}

const answered = (value: string | number | boolean | undefined) => value !== undefined && !(typeof value === 'string' && value.trim() === '');

/**
 * What is wrong with a proposal against its call, field by field (pure: the committee is given).
 * - always (a draft too): the type and the theme are the call's, the answers name the call's
 *   questions with values of their kind, the declared conflicts name members of the scientific committee;
 * - `complete` (submitting, and every later edit of a submitted proposal, so that a submitted
 *   proposal never becomes invalid): the abstract is written and within its type's limit, an author
 *   presents, the required questions are answered, a theme is chosen when the call asks for one.
 * `answersGiven`: the answer keys the request named (an answer to a question removed since is
 * refused when given, and left alone when only stored).
 */
export function proposalIssues(
  call: Pick<CallForProposals, 'types' | 'themes' | 'questions' | 'fields'>,
  p: ProposalFields,
  committeeIds: ReadonlySet<string>,
  options: { complete: boolean; answersGiven?: readonly string[] },
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const type = call.types.find((t) => t.key === p.typeKey);
  if (!type) issues.push(ruleIssue('typeKey', 'unknown_type', { key: p.typeKey }));
  if (p.themeKey !== null && !call.themes.some((t) => t.key === p.themeKey)) issues.push(ruleIssue('themeKey', 'unknown_theme', { key: p.themeKey }));

  const questions = new Map(call.questions.map((q) => [q.key, q]));
  for (const key of options.answersGiven ?? []) if (!questions.has(key)) issues.push(ruleIssue(['answers', key], 'unknown_question', { key }));
  for (const [key, value] of Object.entries(p.answers)) {
    const question = questions.get(key);
    if (!question || !answered(value)) continue;
    const fit = answerFits(question, value);
    if (fit !== 'ok') issues.push(ruleIssue(['answers', key], fit));
  }
  p.conflictPersonIds.forEach((id, i) => {
    if (!committeeIds.has(id)) issues.push(ruleIssue(['conflictPersonIds', i], 'not_committee_member'));
  });

  if (options.complete) {
    if (p.abstract.trim() === '') issues.push(ruleIssue('abstract', 'abstract_required'));
    else if (type) {
      const count = abstractLength(p.abstract, type.limit.unit);
      if (count > type.limit.max)
        issues.push(ruleIssue('abstract', type.limit.unit === 'words' ? 'abstract_too_long_words' : 'abstract_too_long_characters', { count, maximum: type.limit.max }));
    }
    if (!p.authors.some((a: ProposalAuthor) => a.presenting)) issues.push(ruleIssue('authors', 'presenter_required'));
    for (const q of call.questions) if (q.required && !answered(p.answers[q.key])) issues.push(ruleIssue(['answers', q.key], 'answer_required'));
    if (call.fields.theme && call.themes.length > 0 && p.themeKey === null) issues.push(ruleIssue('themeKey', 'theme_required'));
  }
  return issues;
}
