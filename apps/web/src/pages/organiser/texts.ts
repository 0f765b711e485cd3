import i18n from '../../i18n';
import en from '../../locales/organiser.en.json';
import fr from '../../locales/organiser.fr.json';

/** The organiser's and personal space's extra texts: the `organiser` namespace, loaded with these pages only. */
if (!i18n.hasResourceBundle('en', 'organiser')) {
  i18n.addResourceBundle('en', 'organiser', en);
  i18n.addResourceBundle('fr', 'organiser', fr);
}
