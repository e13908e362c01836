// Simulator tests start servers and processes; the default 5 s is too tight on a shared machine.
jest.setTimeout(30_000);
