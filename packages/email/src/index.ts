export { SendError } from "./errors.js";
export { buildMessage, toEml } from "./message.js";
export {
  type CompiledEmail,
  compileEmail,
  type EmailParts,
  type Recipient,
  sampleRecipient,
} from "./render.js";
export { outboxFileName, type SendOptions, type SendSummary, sendNewsletter } from "./send.js";
export { maskUrl, parseSmtpUrl, smtpCredentialsProblem } from "./smtp.js";
export {
  SUPPRESSION_COLUMNS,
  type Suppression,
  SuppressionList,
  suppressionKey,
} from "./suppressions.js";
export {
  fillUnsubscribeUrl,
  needsToken,
  secretProblem,
  tokenMatches,
  UNSUBSCRIBE_SECRET_ENV,
  unsubscribeToken,
} from "./unsubscribe.js";
