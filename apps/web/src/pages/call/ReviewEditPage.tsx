/** Being built (issue 14). */
export function ReviewEditPage() {
  return null;
}
