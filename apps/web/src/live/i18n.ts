import i18n from '../i18n';
import en from '../locales/live.en.json';
import fr from '../locales/live.fr.json';

/** The live room's texts: a namespace of their own, loaded with the live page's chunk only. */
i18n.addResourceBundle('en', 'live', en, true, true);
i18n.addResourceBundle('fr', 'live', fr, true, true);
