/** Being built (issue 14). */
export function CallPage() {
  return null;
}
