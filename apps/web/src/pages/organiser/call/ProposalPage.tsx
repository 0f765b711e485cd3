/** Being built (issue 14). */
export function ProposalPage() {
  return null;
}
