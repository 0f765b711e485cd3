/** `/organiser/events/:eventId/podcast`: the podcast's owner, author, categories and artwork (issue 15: being built). */
export function PodcastSettingsPage() {
  return null;
}
