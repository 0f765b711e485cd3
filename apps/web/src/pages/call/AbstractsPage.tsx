/** Being built (issue 14). */
export function AbstractsPage() {
  return null;
}
