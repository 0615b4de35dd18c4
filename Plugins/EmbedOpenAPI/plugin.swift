import PackagePlugin

/// Embeds the package's top-level `openapi.yaml` into the target that uses this plugin, so the
/// binary serves exactly the contract it was built with, with no file to ship beside it.
@main
struct EmbedOpenAPI: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let input = context.package.directoryURL.appending(path: "openapi.yaml")
        let output = context.pluginWorkDirectoryURL.appending(path: "OpenAPIText.swift")
        return [
            .buildCommand(
                displayName: "Embedding openapi.yaml",
                executable: try context.tool(named: "embed-text").url,
                arguments: [input.path(), output.path(), "openAPIText"],
                inputFiles: [input],
                outputFiles: [output]
            )
        ]
    }
}
