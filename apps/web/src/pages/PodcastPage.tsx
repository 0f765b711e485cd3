/** `/events/:slug/podcast`: the podcast's subscribe page (issue 15: being built). */
export function PodcastPage() {
  return null;
}
