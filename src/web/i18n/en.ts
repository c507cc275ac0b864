/**
 * English: the key set of every text the app shows. zh-CN.ts must have exactly these keys.
 * Keys are `<area>.<what>`; `{name}` marks a value filled in by the page.
 */
export const en = {
  'app.name': 'Switchboard',
  'app.checkSession': 'Checking your session',
  'app.pageNotFound': 'There is no such page, or it is not open to you.',

  'common.loading': 'Loading…',
  'common.close': 'Close',
  'common.dismiss': 'Dismiss',
  'common.cancel': 'Cancel',
  'common.save': 'Save',
  'common.language': 'Language',
  'common.signOut': 'Sign out',
  'common.signedInAs': 'Signed in as {name}',
  'common.skipToContent': 'Skip to content',
  'common.reconnecting': 'Connection to the server lost. Reconnecting…',
  'common.offline': 'Not connected to the server.',

  'home.title': 'Home',
  'home.heading': 'Welcome, {name}',
  'home.ivrAdmin': 'IVR flows',
  'home.nothing': 'There is no page for your role yet.',

  'login.title': 'Sign in',
  'login.username': 'User name',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.signingIn': 'Signing in…',
  'login.expired': 'Your session has ended. Please sign in again.',
  'login.signedOut': 'You have signed out.',
  'login.forbidden': 'Your role does not allow this page. Sign in with another account.',

  'toolbar.title': 'Agent toolbar',

  'error.unexpected': 'Something unexpected went wrong.',
  'error.actionFailed': '{action}: {reason}',
  'error.NETWORK': 'The server cannot be reached. Check the connection and try again.',
  'error.BAD_ANSWER': 'The server sent an answer this page does not understand.',
  'error.VALIDATION_FAILED': 'The request is not valid.',
  'error.UNAUTHENTICATED': 'Please sign in.',
  'error.INVALID_CREDENTIALS': 'Unknown user name or wrong password.',
  'error.SESSION_EXPIRED': 'Your session has expired.',
  'error.FORBIDDEN': 'You are not allowed to do this.',
  'error.NOT_AN_AGENT': 'Your user is not set up as an agent.',
  'error.NOT_FOUND': 'Not found.',
  'error.CONFLICT': 'This conflicts with the current state.',
  'error.ACCOUNT_LOCKED': 'The account is locked after repeated failed sign-ins. Try again later.',
  'error.RATE_LIMITED': 'Too many attempts. Wait a minute and try again.',
  'error.LOGIN_BUSY': 'Many people are signing in right now. Try again in a moment.',
  'error.INTERNAL': 'The server had an internal error.',
  'error.INVALID_TRANSITION': 'Not possible in the current state.',
  'error.CAPACITY_EXCEEDED': 'You have no free capacity for this.',
  'error.OFFER_NOT_FOUND': 'This offer is no longer open.',
  'error.CONTACT_NOT_WAITING': 'The contact is no longer waiting.',
  'error.QUEUE_FULL': 'The queue is full.',
  'error.QUEUE_CLOSED': 'The queue is closed.',
  'error.QUEUE_DISABLED': 'The queue is disabled.',
  'error.PBX_UNAVAILABLE': 'The phone system is not connected.',
  'error.PBX_REJECTED': 'The phone system refused the request.',
  'error.PBX_TIMEOUT': 'The phone system did not answer in time.',
  'error.CHANNEL_GONE': 'That call leg no longer exists.',
} as const;

export type MessageKey = keyof typeof en;
