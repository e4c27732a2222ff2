/** Pages and refusals of the HTTP shell around every domain: the not-found page, the API reference page, and the checks every request passes (forms, roles, sessions, uploads). */
export default {
  notFoundTitle: 'Page not found',
  notFoundWhat: 'We could not find what this page shows ({what}). It may have been removed, or the link may be incomplete.',
  notFoundPath: 'There is no page at {path}. The link may be mistyped or out of date, or the page may have moved.',
  goToDashboard: 'Go to the dashboard',
  goBack: 'Go back to the page you came from',
  apiDocsTitle: 'API reference · {title}',
  apiDocsNoScript: 'The interactive reference needs JavaScript. Machine-readable document: {link}.',
  formExpired: 'this form has expired or did not come from tidings; reload the page and try again',
  roleMayNot: 'the {role} role may not do this (needs {permission})',
  signInFirst: 'sign in first',
  sessionEnded: 'your session has ended; please sign in again',
  somethingWentWrong: 'something went wrong on our side; the error was logged',
  uploadTooLarge: 'the upload is larger than the limit of {mb} MB; split the file or raise TIDINGS_MAX_UPLOAD_MB',
} as const;
