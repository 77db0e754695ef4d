import TestSupport

extension TemporaryDirectory {
    /// `searchctl args` run in this directory.
    func run(_ args: String..., env: [String: String] = [:]) throws -> CLIResult {
        try CLI.run(args, cwd: path, env: env)
    }

    func run(_ args: [String], env: [String: String] = [:]) throws -> CLIResult {
        try CLI.run(args, cwd: path, env: env)
    }
}
