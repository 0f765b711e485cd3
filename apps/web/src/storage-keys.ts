/** Where the app keeps what it knows between pages of one tab (sessionStorage). */

/** An organiser's login (LoginResult from POST /api/auth/login). */
export const ORGANISER_LOGIN_KEY = 'amphi.organiser';
