//! A PDF's running headers and footers: the lines a layout prints at the top or the bottom of
//! every page (the title again, "Page 2 of 3", the name and e-mail). Read as text they land in
//! the middle of the document, where a posting's title became one of its duties and a footer
//! a line of a job. The first page keeps its own; the repeats on later pages are left out.

use std::collections::HashSet;

/// Lines at each edge of a page that may be a running header or footer.
const EDGE_LINES: usize = 3;
/// The most words a running line may have and still differ from page to page in its numbers.
const NUMBERED_WORDS: usize = 6;

/// The pages' texts joined (a blank line between pages), without the running lines of the
/// pages after the first: from the top of a page down and from its bottom up, each line that
/// stood at the same place on an earlier page (the same line from the top, or from the
/// bottom; digits aside) is left out, up to the first line that did not.
pub fn join_without_running_lines(pages: &[String]) -> String {
    // The edge lines of every earlier page.
    let mut tops: HashSet<(usize, String)> = HashSet::new();
    let mut bottoms: HashSet<(usize, String)> = HashSet::new();
    let mut kept_pages = Vec::with_capacity(pages.len());
    for page in pages {
        let lines: Vec<&str> = page.lines().collect();
        let non_blank: Vec<usize> = (0..lines.len())
            .filter(|&i| !lines[i].trim().is_empty())
            .collect();
        // (place from the edge, line as compared) of the lines nearest an edge, in `order`.
        let edge = |order: &mut dyn Iterator<Item = &usize>| -> Vec<(usize, String)> {
            order
                .take(EDGE_LINES)
                .enumerate()
                .map(|(place, &i)| (place, edge_key(lines[i])))
                .collect()
        };
        let top = edge(&mut non_blank.iter());
        let bottom = edge(&mut non_blank.iter().rev());
        let header = top.iter().take_while(|line| tops.contains(line)).count();
        let footer = bottom
            .iter()
            .take_while(|line| bottoms.contains(line))
            .count()
            .min(non_blank.len() - header);
        tops.extend(top);
        bottoms.extend(bottom);
        let dropped: HashSet<usize> = non_blank[..header]
            .iter()
            .chain(&non_blank[non_blank.len() - footer..])
            .copied()
            .collect();
        let kept: Vec<&str> = (0..lines.len())
            .filter(|i| !dropped.contains(i))
            .map(|i| lines[i])
            .collect();
        kept_pages.push(kept.join("\n"));
    }
    kept_pages.join("\n\n")
}

/// A line as compared between pages: trimmed, spaces collapsed, and, in a line of at most
/// [`NUMBERED_WORDS`] words, each run of digits one `#` ("Page 2 of 3" and "Page 1 of 3" are
/// one footer). A longer line must repeat exactly: "Page 2: Python, SQL and …" is text.
fn edge_key(line: &str) -> String {
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.len() > NUMBERED_WORDS {
        return words.join(" ");
    }
    let mut key = String::new();
    for word in words {
        if !key.is_empty() {
            key.push(' ');
        }
        let mut in_digits = false;
        for c in word.chars() {
            if c.is_ascii_digit() {
                if !in_digits {
                    key.push('#');
                }
                in_digits = true;
            } else {
                key.push(c);
                in_digits = false;
            }
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages(texts: &[&str]) -> Vec<String> {
        texts.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn a_repeated_title_and_page_numbers_are_kept_on_the_first_page_only() {
        let joined = join_without_running_lines(&pages(&[
            "IT Project Manager\nPerformance Profile\nOpportunity Overview\nPlan projects.\nPage 1 of 2",
            "IT Project Manager\nPerformance Profile\n• Review invoices\n• Close contracts\nPage 2 of 2",
        ]));
        assert_eq!(
            joined,
            "IT Project Manager\nPerformance Profile\nOpportunity Overview\nPlan projects.\n\
             Page 1 of 2\n\n• Review invoices\n• Close contracts"
        );
    }

    #[test]
    fn only_lines_at_the_same_place_from_the_edge_count_and_the_first_other_line_stops() {
        // "Skills" ends page 1 and starts page 2, "Engineer" is second from the top of page 1
        // and last on page 2: neither stands where it stood. "Built things." is second from
        // the bottom of both pages, but the last line of page 2 is no footer, so the scan
        // stops before it.
        let texts = pages(&[
            "Jane Doe\nEngineer\nBuilt things.\nSkills",
            "Skills\nPython, SQL\nBuilt things.\nEngineer",
        ]);
        assert_eq!(join_without_running_lines(&texts), texts.join("\n\n"));
        // A long line that differs in its numbers is each page's own text.
        let numbered = pages(&[
            "Page 1: Python, SQL and Spark pipelines",
            "Page 2: Python, SQL and Spark pipelines",
        ]);
        assert_eq!(join_without_running_lines(&numbered), numbered.join("\n\n"));
        // The same words at the same place from the bottom are a running line.
        let footed = pages(&["Intro\nBody\nJane Doe, CV", "Jobs\nMore\nJane Doe, CV"]);
        assert_eq!(
            join_without_running_lines(&footed),
            "Intro\nBody\nJane Doe, CV\n\nJobs\nMore"
        );
    }

    #[test]
    fn a_page_made_only_of_repeated_lines_is_left_empty_and_one_page_is_untouched() {
        let one = pages(&["Title\nBody"]);
        assert_eq!(join_without_running_lines(&one), "Title\nBody");
        let joined = join_without_running_lines(&pages(&["Title\nBody\nFooter", "Title\nFooter"]));
        assert_eq!(joined, "Title\nBody\nFooter\n\n");
    }
}
