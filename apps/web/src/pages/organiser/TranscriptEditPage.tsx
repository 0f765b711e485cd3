/** `/organiser/events/:eventId/recordings/:recordingId/transcript`: correct a transcript (issue 15: being built). */
export function TranscriptEditPage() {
  return null;
}
