import i18n from './i18n';
import en from './locales/podcast.en.json';
import fr from './locales/podcast.fr.json';

/** The podcast's, transcripts' and media processing's texts (issue 15): the `podcast` namespace, loaded with the pages that show them. */
if (!i18n.hasResourceBundle('en', 'podcast')) {
  i18n.addResourceBundle('en', 'podcast', en);
  i18n.addResourceBundle('fr', 'podcast', fr);
}
