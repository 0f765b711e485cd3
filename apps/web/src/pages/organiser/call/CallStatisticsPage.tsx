/** Being built (issue 14). */
export function CallStatisticsPage() {
  return null;
}
