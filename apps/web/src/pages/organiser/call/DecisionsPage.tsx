/** Being built (issue 14). */
export function DecisionsPage() {
  return null;
}
