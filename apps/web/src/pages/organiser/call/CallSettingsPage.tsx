/** Being built (issue 14). */
export function CallSettingsPage() {
  return null;
}
