import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The report parsed with a strict XML parser (libxml2 through XMLParser): any unescaped `<`,
/// `&` or control character in the page makes the parse fail. A small tree to query.
final class ReportDOM: NSObject, XMLParserDelegate {
    final class Element {
        let name: String
        let attributes: [String: String]
        var children: [Element] = []
        var text = ""
        init(name: String, attributes: [String: String]) {
            self.name = name
            self.attributes = attributes
        }

        /// Text of this element and all below it, in order.
        var allText: String { text + children.map(\.allText).joined() }
    }

    private(set) var root: Element?
    private var stack: [Element] = []
    private(set) var error: Error?

    static func parse(_ html: String) throws -> ReportDOM {
        let dom = ReportDOM()
        let parser = XMLParser(data: Data(html.utf8))
        parser.delegate = dom
        guard parser.parse(), let _ = dom.root else {
            throw dom.error ?? parser.parserError ?? NSError(domain: "ReportDOM", code: 1)
        }
        return dom
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        let element = Element(name: name, attributes: attributes)
        if let parent = stack.last { parent.children.append(element) } else { root = element }
        stack.append(element)
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        // Text after a child goes into a text-only child so order is kept in `allText`.
        guard let top = stack.last else { return }
        if top.children.isEmpty { top.text += string } else {
            let tail = Element(name: "#text", attributes: [:])
            tail.text = string
            top.children.append(tail)
        }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { error = parseError }

    func all(_ name: String? = nil, where test: (Element) -> Bool = { _ in true }) -> [Element] {
        var out: [Element] = []
        func walk(_ e: Element) {
            if name == nil || e.name == name, test(e) { out.append(e) }
            e.children.forEach(walk)
        }
        if let root { walk(root) }
        return out
    }

    func element(id: String) -> Element? { all { $0.attributes["id"] == id }.first }

    /// The points of `<polyline data-series=NAME>` as (x, y).
    func polyline(_ series: String) -> [(Double, Double)]? {
        guard let line = all("polyline", where: { $0.attributes["data-series"] == series }).first,
              let points = line.attributes["points"] else { return nil }
        return points.split(separator: " ").map { pair in
            let xy = pair.split(separator: ",")
            return (Double(xy[0]) ?? .nan, Double(xy[1]) ?? .nan)
        }
    }
}
