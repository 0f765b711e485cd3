import i18n from '../../i18n';
import en from '../../locales/call.en.json';
import fr from '../../locales/call.fr.json';

/** The call's public and personal pages' texts: the `call` namespace, loaded with these pages only. */
if (!i18n.hasResourceBundle('en', 'call')) {
  i18n.addResourceBundle('en', 'call', en);
  i18n.addResourceBundle('fr', 'call', fr);
}
