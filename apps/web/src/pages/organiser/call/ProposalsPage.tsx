/** Being built (issue 14). */
export function ProposalsPage() {
  return null;
}
