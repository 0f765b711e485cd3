/** Being built (issue 14). */
export function ProposalEditPage() {
  return null;
}
