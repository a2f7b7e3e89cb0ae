// End-to-end tests start real processes; a per-project testTimeout is not honoured, so set it here.
jest.setTimeout(60_000);
