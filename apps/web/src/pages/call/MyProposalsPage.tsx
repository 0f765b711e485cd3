/** Being built (issue 14). */
export function MyProposalsPage() {
  return null;
}
