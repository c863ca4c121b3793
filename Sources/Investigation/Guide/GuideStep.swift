/// One question of the method's checklist, as it stands for the session.
public struct GuideStep: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable {
        case done
        case pending
        /// The question does not arise on this investigation's path (e.g. no heap owner for
        /// kernel kmalloc objects).
        case notApplicable = "not-applicable"
    }

    /// 0…4, as in the method.
    public var number: Int
    public var question: String
    public var status: Status
    /// What the session has seen that answers the question (or why it cannot yet), one line.
    public var evidence: String
    /// The exact next action: what to capture, which setting, which command. nil when done and
    /// nothing is left to do for this step.
    public var next: String?

    enum CodingKeys: String, CodingKey {
        case number = "step", question, status, evidence, next
    }

    public init(number: Int, question: String, status: Status, evidence: String, next: String?) {
        self.number = number
        self.question = question
        self.status = status
        self.evidence = evidence
        self.next = next
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(number, forKey: .number)
        try c.encode(question, forKey: .question)
        try c.encode(status, forKey: .status)
        try c.encode(evidence, forKey: .evidence)
        try c.encode(next, forKey: .next)  // null when nothing is left to do
    }
}
