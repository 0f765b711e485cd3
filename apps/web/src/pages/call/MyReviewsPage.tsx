/** Being built (issue 14). */
export function MyReviewsPage() {
  return null;
}
