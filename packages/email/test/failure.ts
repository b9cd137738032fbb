import { expect } from "vitest";
import { SendError } from "../src/errors.js";

/** The SendError `work` rejects with; fails the test if it resolves or throws anything else. */
export async function failure(work: () => Promise<unknown>): Promise<SendError> {
  try {
    await work();
  } catch (error) {
    expect(error).toBeInstanceOf(SendError);
    return error as SendError;
  }
  throw new Error("no error");
}
