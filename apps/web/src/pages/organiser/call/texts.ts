import i18n from '../../../i18n';
import en from '../../../locales/call-organiser.en.json';
import fr from '../../../locales/call-organiser.fr.json';
import '../texts';

/** The organiser's call pages' texts: the `call-organiser` namespace, loaded with these pages only. */
if (!i18n.hasResourceBundle('en', 'call-organiser')) {
  i18n.addResourceBundle('en', 'call-organiser', en);
  i18n.addResourceBundle('fr', 'call-organiser', fr);
}

export const NS = 'call-organiser';
