export { buildMessage, messageId, toEml } from "./message.js";
export { readRecipients } from "./recipients.js";
export {
  type CompiledEmail,
  compileEmail,
  type EmailParts,
  type Recipient,
  sampleRecipient,
} from "./render.js";
export { type SendOptions, type SendSummary, sendNewsletter } from "./send.js";
