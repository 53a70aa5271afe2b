import Testing

@testable import ImagePress

struct OutputPlannerTests {
    @Test func singleFileToFile() throws {
        let jobs = try OutputPlanner.plan(inputs: ["a.jpg"], destination: "b.jpg", inPlace: false, format: nil)
        #expect(jobs == [Job(input: .file("a.jpg"), output: .file("b.jpg"))])
    }

    @Test func severalFilesIntoAFolderKeepTheirNames() throws {
        let jobs = try OutputPlanner.plan(
            inputs: ["x/a.png", "b.jpg"], destination: "out/", inPlace: false, format: nil)
        #expect(
            jobs.map(\.output) == [.file("out/a.png", createFolders: true), .file("out/b.jpg", createFolders: true)])
    }

    @Test func convertingRenamesTheExtension() throws {
        let jobs = try OutputPlanner.plan(
            inputs: ["a.png", "b.WEBP", "noext"], destination: "out/", inPlace: false,
            format: .webp)
        #expect(jobs.compactMap(\.outputPath) == ["out/a.webp", "out/b.WEBP", "out/noext.webp"])
    }

    @Test func pipes() throws {
        #expect(
            try OutputPlanner.plan(inputs: ["-"], destination: nil, inPlace: false, format: nil)
                == [Job(input: .standardInput, output: .standardOutput)])
        #expect(
            try OutputPlanner.plan(inputs: ["-"], destination: "-", inPlace: false, format: .webp)
                == [Job(input: .standardInput, output: .standardOutput)])
    }

    @Test func writingOntoTheInputIsInPlace() throws {
        let jobs = try OutputPlanner.plan(inputs: ["a.jpg"], destination: "a.jpg", inPlace: false, format: nil)
        #expect(jobs == [Job(input: .file("a.jpg"), output: .inPlace)])
    }

    @Test func mistakesAreRefusedBeforeAnyWork() {
        #expect(throws: OutputPlanner.PlanError.noInputs) {
            try OutputPlanner.plan(inputs: [], destination: "x", inPlace: false, format: nil)
        }
        #expect(throws: OutputPlanner.PlanError.noDestination) {
            try OutputPlanner.plan(inputs: ["a.jpg"], destination: nil, inPlace: false, format: nil)
        }
        #expect(throws: OutputPlanner.PlanError.severalInputsToOneFile("one.jpg")) {
            try OutputPlanner.plan(inputs: ["a.jpg", "b.jpg"], destination: "one.jpg", inPlace: false, format: nil)
        }
        #expect(throws: OutputPlanner.PlanError.severalInputsToStandardOutput) {
            try OutputPlanner.plan(inputs: ["a.jpg", "b.jpg"], destination: "-", inPlace: false, format: nil)
        }
        #expect(throws: OutputPlanner.PlanError.conflictingDestinations) {
            try OutputPlanner.plan(inputs: ["a.jpg"], destination: "o/", inPlace: true, format: nil)
        }
        #expect(throws: OutputPlanner.PlanError.collision(output: "out/a.webp", inputs: ["a.png", "x/a.jpg"])) {
            try OutputPlanner.plan(inputs: ["a.png", "x/a.jpg"], destination: "out/", inPlace: false, format: .webp)
        }
    }
}
