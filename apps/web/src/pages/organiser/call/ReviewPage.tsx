/** Being built (issue 14). */
export function ReviewPage() {
  return null;
}
