//! A section's sheet, laid out to be read on screen and printed: its narrative (a consumer of
//! the walk, `narrative::section`) in one wrapped column, each paragraph in its own row of the
//! height it needs; then its figures, tables and charts, each chart below the table of its
//! data. Column widths come from the content; the sheet prints one page wide, with page breaks
//! placed so that a heading stays with what follows it and a chart is never cut.
//!
//! What draws, or may draw, on illustrative rows is marked as in the documents: " †" after a
//! text, a table's title and a chart's title (the chart's own too, as a chart is often copied
//! on its own), and the note explaining the mark at the end of the sheet, which is read on its
//! own; the Figures table says in a column how each figure drew on them.
//!
//! `explain` lays a section's sheet out with this same code, in memory (`rendered`), to find
//! what a cell holds: nothing here may depend on anything but the section and its name.

use anyhow::Result;
use rust_xlsxwriter::{Chart, ChartDataLabel, ChartLegendPosition, ChartType, Format, Worksheet};

use super::cells::{headers, lines, row_height, text_width, write_grid, write_text, Grid, LINE};
use super::page::{self, Paper};
use super::{illustrative, Formats, ILLUSTRATIVE};
use crate::model::report::{self, ChartKind, Figure, NumberFormat, ReportTable, Section};
use crate::model::value::Value;
use crate::problem::{OutputProblem, Place, Problem, Whole};
use crate::text::cellref;
use crate::write::limits;
use crate::write::narrative::{self, Item, Mark, Reader, ILLUSTRATIVE_NOTE, MARK};

/// Width of the narrative column when nothing beside it needs room, in column units.
const NARRATIVE: f64 = 90.0;
/// The narrowest the narrative column gets to leave room for a wide table.
const NARROWEST: f64 = 60.0;
/// What starts a line of a list.
const BULLET: &str = "•  ";
/// Room below a paragraph, in points.
const AFTER_PARAGRAPH: f64 = 6.0;
/// A chart's size in pixels; its rows are 20 pixels (15 points) high.
const CHART_WIDTH: u32 = 640;
const CHART_ROWS: u32 = 16;
/// Lines of a paragraph in one row at most: a taller row would not fit a page (nor Excel's
/// 409 points), so a longer paragraph is continued in the next row, between sentences.
const ROW_LINES: usize = 24;

/// The rows written so far, their heights, and where a page may break.
struct Sheet<'a> {
    ws: &'a mut Worksheet,
    name: String,
    row: u32,
    heights: Vec<f64>,
    /// Rows that begin a block, with the last row that should be on the same page.
    keep: Vec<(u32, u32)>,
    /// The plugin and the section, for a warning about a text that had to be cut.
    place: Place,
    whose: String,
    cut: Vec<Problem>,
}

impl Sheet<'_> {
    fn height(&mut self, row: u32, h: f64) -> Result<()> {
        let i = row as usize;
        if self.heights.len() <= i {
            self.heights.resize(i + 1, LINE);
        }
        self.heights[i] = h;
        self.ws.set_row_height(row, h)?;
        Ok(())
    }

    /// Writes text in column A, cut to what a cell holds (a warning says so).
    fn cell(&mut self, row: u32, text: &str, format: &Format) -> Result<()> {
        if let Some(chars) = write_text(self.ws, row, 0, text, format)? {
            self.cut.push(Problem::new(
                self.place.clone(),
                OutputProblem::TextCut {
                    what: format!("a text of {}", self.whose),
                    to: format!("sheet {}, cell {}", self.name, cellref::a1(row, 0)),
                    chars,
                    whole: Whole::Documents,
                },
            ));
        }
        Ok(())
    }

    /// One wrapped row of narrative text in column A, `width` units wide.
    fn text(&mut self, text: &str, format: &Format, width: f64, after: f64) -> Result<()> {
        for part in split(text, width) {
            let n = lines(&part, width);
            self.cell(self.row, &part, format)?;
            self.height(self.row, row_height(n) + after)?;
            self.row += 1;
        }
        Ok(())
    }

    /// A heading, kept on the page of the `with` rows that follow it.
    fn heading(&mut self, text: &str, f: &Formats, with: u32) -> Result<()> {
        self.keep.push((self.row, self.row + with));
        self.cell(self.row, text, &f.heading)?;
        self.height(self.row, 24.0)?;
        self.row += 1;
        Ok(())
    }
}

/// `text` in parts that each fit a row: between sentences, or between words for a sentence
/// longer than a row. Each part is measured once, so that a very long text costs no more than
/// a few passes over it.
fn split(text: &str, width: f64) -> Vec<String> {
    if lines(text, width) <= ROW_LINES {
        return vec![text.to_string()];
    }
    // Sentences, each with its full stop; a sentence longer than a row in pieces of words.
    let room = (width - 1.0).max(1.0) * ROW_LINES as f64 * 0.85;
    let mut pieces: Vec<String> = Vec::new();
    for sentence in text.split_inclusive(". ") {
        if text_width(sentence) <= room {
            pieces.push(sentence.to_string());
            continue;
        }
        let mut piece = String::new();
        let mut used = 0.0;
        for word in sentence.split_inclusive(' ') {
            let w = text_width(word);
            if used + w > room && !piece.is_empty() {
                pieces.push(std::mem::take(&mut piece));
                used = 0.0;
            }
            if w > room {
                // One "word" longer than a row: it goes as it is (a cell cuts it if need be).
                pieces.push(word.to_string());
                continue;
            }
            piece.push_str(word);
            used += w;
        }
        if !piece.is_empty() {
            pieces.push(piece);
        }
    }
    let mut parts: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut used = 0.0;
    for piece in pieces {
        let w = text_width(&piece);
        if used + w > room && !current.is_empty() {
            parts.push(std::mem::take(&mut current).trim_end().to_string());
            used = 0.0;
        }
        current.push_str(&piece);
        used += w;
    }
    if !current.trim().is_empty() {
        parts.push(current.trim_end().to_string());
    }
    parts
}

/// A table's headers, rows and number formats, to measure its columns.
type Columns = (Vec<String>, Vec<Vec<Value>>, Vec<NumberFormat>);

/// The column of the Figures table that holds a figure's name, by which `explain` knows a
/// row of that table.
pub const FIGURE_NAME_COL: u32 = 3;

/// The figures as a table: label first (in the wide column), then value, date, name, and how
/// the figure drew on illustrative rows.
fn figures_grid(figures: &[Figure]) -> (Vec<String>, Vec<Vec<Value>>) {
    let rows = figures
        .iter()
        .map(|fig| {
            vec![
                Value::text(&fig.label),
                fig.value.clone(),
                fig.as_of.map(Value::Date).unwrap_or_default(),
                Value::text(&fig.name),
                illustrative(fig),
            ]
        })
        .collect();
    (
        headers(&["Figure", "Value", "As of", "Name", ILLUSTRATIVE]),
        rows,
    )
}

/// A text with the mark after it when it draws, or may draw, on illustrative rows: "… †".
fn marked(text: &str, mark: Mark) -> String {
    match mark {
        Mark::Illustrative if text.is_empty() => MARK.to_string(),
        Mark::Illustrative => format!("{text} {MARK}"),
        Mark::None => text.to_string(),
    }
}

pub(super) fn write(
    ws: &mut Worksheet,
    name: &str,
    s: &Section,
    report_title: &str,
    f: &Formats,
    warnings: &mut Vec<Problem>,
) -> Result<()> {
    ws.set_name(name)?;
    let place = Place::file(&s.file);
    let whose = s.heading().in_sentence();

    // Widths first: every table of the sheet shares its columns with the narrative.
    let mut grids: Vec<Columns> = Vec::new();
    if let Some(c) = s.content() {
        if !c.figures.is_empty() {
            let (h, r) = figures_grid(&c.figures);
            grids.push((
                h,
                r,
                vec![
                    NumberFormat::Plain,
                    NumberFormat::Number,
                    NumberFormat::Plain,
                    NumberFormat::Plain,
                    NumberFormat::Plain,
                ],
            ));
        }
        for t in &c.tables {
            let formats = (0..t.columns.len()).map(|i| t.format(i)).collect();
            grids.push((t.columns.clone(), t.rows.clone(), formats));
        }
        for chart in &c.charts {
            let (h, r) = chart.as_table();
            let mut formats = vec![NumberFormat::Plain];
            formats.extend(std::iter::repeat_n(
                chart.number_format(),
                chart.series.len(),
            ));
            grids.push((h, r, formats));
        }
    }
    let max_cols = limits::SHEET_COLUMNS as usize;
    let mut widths: Vec<f64> = Vec::new();
    for (h, r, formats) in &grids {
        let grid = Grid {
            headers: h.iter().take(max_cols).cloned().collect(),
            rows: r,
            formats: formats.clone(),
            wrap: true,
        };
        for (c, w) in grid.widths().into_iter().enumerate() {
            if widths.len() <= c {
                widths.push(w);
            } else {
                widths[c] = widths[c].max(w);
            }
        }
    }
    let beside: f64 = widths.iter().skip(1).sum();
    let narrative_width = if beside == 0.0 {
        NARRATIVE
    } else if beside <= Paper::page_width(false) - 70.0 {
        Paper::page_width(false) - beside - 2.0
    } else {
        (Paper::page_width(true) - beside - 2.0).clamp(NARROWEST, NARRATIVE + 10.0)
    };
    if widths.is_empty() {
        widths.push(narrative_width);
    } else {
        widths[0] = narrative_width;
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let paper = Paper::for_width(widths.iter().sum());

    let mut sheet = Sheet {
        ws,
        name: name.to_string(),
        row: 2,
        heights: Vec::new(),
        keep: Vec::new(),
        place: place.clone(),
        whose: whose.clone(),
        cut: Vec::new(),
    };
    let w = narrative_width;
    let mut tables = 0;
    let mut charts = 0;
    for item in narrative::section(s) {
        match item {
            // The report's title is on the Summary sheet, not in a section's walk.
            Item::Title { .. } | Item::SectionEnd => {}
            Item::SectionStart(heading) => {
                sheet.cell(0, &heading.to_string(), &f.title)?;
                sheet.height(0, 24.0)?;
                sheet.height(1, 6.0)?;
            }
            Item::NotProduced(notice) => sheet.text(
                &notice.sentence(Reader::Workbook),
                &f.note,
                w,
                AFTER_PARAGRAPH,
            )?,
            Item::Paragraph(p) => sheet.text(&marked(&p, p.mark), &f.text, w, AFTER_PARAGRAPH)?,
            Item::Heading(h) => sheet.heading(&marked(&h, h.mark), f, 1)?,
            Item::Bullets(items) => {
                let items: Vec<_> = items.iter().collect();
                for (i, item) in items.iter().enumerate() {
                    let after = if i + 1 == items.len() {
                        AFTER_PARAGRAPH
                    } else {
                        0.0
                    };
                    let text = format!("{BULLET}{}", marked(item, item.mark));
                    sheet.text(&text, &f.text, w, after)?;
                }
            }
            Item::Challenges { heading, items } => {
                sheet.heading(heading, f, 1)?;
                for c in items {
                    sheet.text(&marked(&c, c.mark), &f.text, w, AFTER_PARAGRAPH)?;
                }
            }
            Item::Questions { intro, items } => {
                sheet.keep.push((sheet.row, sheet.row + 1));
                sheet.text(&marked(&intro, intro.mark), &f.bold, w, 0.0)?;
                let items: Vec<_> = items.iter().collect();
                for (i, q) in items.iter().enumerate() {
                    let after = if i + 1 == items.len() {
                        AFTER_PARAGRAPH
                    } else {
                        0.0
                    };
                    let text = format!("{BULLET}{}", marked(q, q.mark));
                    sheet.text(&text, &f.text, w, after)?;
                }
            }
            Item::IllustrativeNote => {
                let note = format!("{MARK} {ILLUSTRATIVE_NOTE}");
                sheet.text(&note, &f.note, w, AFTER_PARAGRAPH)?;
            }
            Item::Figures(figures) => {
                sheet.heading("Figures", f, 3)?;
                let (h, r) = figures_grid(figures);
                let formats = grids[0].2.clone();
                table(
                    &mut sheet,
                    h,
                    &r,
                    formats,
                    &widths,
                    f,
                    &place,
                    &format!("the figures of {whose}"),
                    Whole::Plugin,
                    warnings,
                )?;
            }
            Item::Table(t) => {
                tables += 1;
                let what = table_what(t, tables, &whose);
                let title = marked(&t.title, Mark::from(t.marked));
                if !title.is_empty() {
                    sheet.heading(&title, f, 3)?;
                }
                let formats = (0..t.columns.len()).map(|i| t.format(i)).collect();
                table(
                    &mut sheet,
                    t.columns.clone(),
                    &t.rows,
                    formats,
                    &widths,
                    f,
                    &place,
                    &what,
                    if t.workbook_only {
                        Whole::Plugin
                    } else {
                        Whole::Documents
                    },
                    warnings,
                )?;
            }
            Item::Chart(c) => {
                charts += 1;
                let title = marked(&c.title, Mark::from(c.marked));
                chart(
                    &mut sheet, c, &title, charts, &widths, f, &place, &whose, warnings,
                )?;
            }
        }
    }
    warnings.append(&mut sheet.cut);
    let end = sheet.row;
    let breaks = page_breaks(&sheet.heights, &sheet.keep, end, &paper);
    sheet.ws.set_page_breaks(&breaks)?;
    sheet.ws.set_freeze_panes(1, 0)?;
    page::setup(sheet.ws, report_title, widths.iter().sum(), Some((0, 0)))?;
    Ok(())
}

fn table_what(t: &ReportTable, n: usize, whose: &str) -> String {
    if t.title.is_empty() {
        format!("table {n} of {whose}")
    } else {
        format!("the table \"{}\" of {whose}", t.title)
    }
}

/// Writes a table below the current row, as an Excel table with its filter, cut to what the
/// sheet holds; returns the row after it.
#[allow(clippy::too_many_arguments)]
fn table(
    sheet: &mut Sheet,
    mut headers: Vec<String>,
    rows: &[Vec<Value>],
    mut formats: Vec<NumberFormat>,
    widths: &[f64],
    f: &Formats,
    place: &Place,
    what: &str,
    whole: Whole,
    warnings: &mut Vec<Problem>,
) -> Result<()> {
    let max_cols = limits::SHEET_COLUMNS as usize;
    let to = format!("sheet {}", sheet.name);
    if headers.len() > max_cols {
        warnings.push(Problem::new(
            place.clone(),
            OutputProblem::ColumnsCut {
                what: what.to_string(),
                to: to.clone(),
                columns: headers.len(),
                kept: max_cols,
            },
        ));
        headers.truncate(max_cols);
        formats.truncate(max_cols);
    }
    // The header, the rows, and a row after the table must fit below the current row.
    let room = (limits::sheet_rows() as usize).saturating_sub(sheet.row as usize + 3);
    let rows = if rows.len() > room {
        warnings.push(Problem::new(
            place.clone(),
            OutputProblem::RowsCut {
                what: what.to_string(),
                to: to.clone(),
                rows: rows.len(),
                kept: room,
            },
        ));
        &rows[..room]
    } else {
        rows
    };
    let grid = Grid {
        headers,
        rows,
        formats,
        wrap: true,
    };
    let first = sheet.row;
    // The header and the first rows stay on the page of the title before them.
    sheet.keep.push((first, first + rows.len().min(2) as u32));
    let written = write_grid(sheet.ws, first, &grid, widths, true, f)?;
    for (i, h) in written.heights.iter().enumerate() {
        let r = first as usize + i;
        if sheet.heights.len() <= r {
            sheet.heights.resize(r + 1, LINE);
        }
        sheet.heights[r] = *h;
    }
    for (r, c, chars) in written.cuts {
        warnings.push(Problem::new(
            place.clone(),
            OutputProblem::TextCut {
                what: format!("a cell of {what}"),
                to: format!("{to}, cell {}", cellref::a1(first + 1 + r as u32, c as u32)),
                chars,
                whole,
            },
        ));
    }
    sheet.row = written.end;
    sheet.height(sheet.row, 8.0)?;
    sheet.row += 1;
    Ok(())
}

/// A chart: its title (`title`, the chart's with its mark), the table of its data, the chart
/// drawn from that table below it, and its note; the whole kept on one page. A chart with no
/// categories is a note instead.
#[allow(clippy::too_many_arguments)]
fn chart(
    sheet: &mut Sheet,
    spec: &report::Chart,
    title: &str,
    n: usize,
    widths: &[f64],
    f: &Formats,
    place: &Place,
    whose: &str,
    warnings: &mut Vec<Problem>,
) -> Result<()> {
    let what = if spec.title.is_empty() {
        format!("chart {n} of {whose}")
    } else {
        format!("the chart \"{}\" of {whose}", spec.title)
    };
    let start = sheet.row;
    let title_row = (!title.is_empty()).then_some(start);
    if title.is_empty() {
        sheet.keep.push((start, start + 3));
    } else {
        sheet.heading(title, f, 3)?;
    }
    if spec.categories.is_empty() {
        sheet.text(
            "No data yet: this chart has no categories (its sheet has no rows).",
            &f.note,
            widths[0],
            AFTER_PARAGRAPH,
        )?;
        return Ok(());
    }
    let (headers, rows) = spec.as_table();
    let mut formats = vec![NumberFormat::Plain];
    formats.extend(std::iter::repeat_n(spec.number_format(), spec.series.len()));
    let data_row = sheet.row;
    let series = spec.series.len().min(limits::SHEET_COLUMNS as usize - 1);
    let before = warnings.len();
    table(
        sheet,
        headers,
        &rows,
        formats,
        widths,
        f,
        place,
        &what,
        if spec.workbook_only {
            Whole::Plugin
        } else {
            Whole::Documents
        },
        warnings,
    )?;
    // A table cut to fit the sheet leaves no room for a chart below it.
    let cut = warnings[before..].iter().any(|p| {
        matches!(
            p.kind,
            crate::problem::ProblemKind::Output(OutputProblem::RowsCut { .. })
        )
    });
    let last = data_row + rows.len() as u32;
    let chart_row = sheet.row;
    if cut || chart_row + CHART_ROWS + 2 >= limits::sheet_rows() {
        return Ok(());
    }
    // The chart's own rows: of a fixed height, so that it covers them exactly.
    for r in chart_row..chart_row + CHART_ROWS {
        sheet.height(r, LINE)?;
    }
    // The whole chart with its title and table on one page if it can be; else at least the
    // title with the table's first rows (kept when the title was written).
    let whole = sheet.row + CHART_ROWS - start;
    sheet.keep.push((start, start + whole));
    // If the table and chart cannot share a page, the chart still keeps to one.
    sheet.keep.push((chart_row, chart_row + CHART_ROWS));

    let name = sheet.name.clone();
    let name = name.as_str();
    let kind = match spec.kind {
        ChartKind::Column => ChartType::Column,
        ChartKind::Bar => ChartType::Bar,
        ChartKind::Line => ChartType::Line,
        ChartKind::Pie => ChartType::Pie,
    };
    let mut chart = Chart::new(kind);
    match title_row {
        // The title is the cell above the table, with its mark: a text that looks like a
        // formula or a reference is shown as it is.
        Some(r) => {
            chart.title().set_name((name, r, 0));
        }
        None => {
            chart.title().set_hidden();
        }
    }
    let number = spec.number_format().excel(1.0);
    for i in 0..series {
        let col = (i + 1) as u16;
        let mut label = ChartDataLabel::new();
        label.show_value().set_num_format(number);
        if spec.kind == ChartKind::Pie {
            label.show_percentage();
        }
        chart
            .add_series()
            .set_name((name, data_row, col))
            .set_categories((name, data_row + 1, 0, last, 0))
            .set_values((name, data_row + 1, col, last, col))
            .set_data_label(&label);
    }
    if spec.kind != ChartKind::Pie {
        let x_title = spec.x_title.as_deref().map(|t| literal(t, &what, warnings));
        let y_title = spec
            .y_title
            .clone()
            .or_else(|| (spec.series.len() == 1).then(|| spec.series[0].name.clone()))
            .map(|t| literal(&t, &what, warnings));
        // In a bar chart the categories run down the side (Excel's "y" axis), first at top.
        let (cat_axis, val_axis) = if spec.kind == ChartKind::Bar {
            // Reversed, the categories would push the values' axis to the top: it is kept
            // at the bottom, where the last category is.
            chart
                .y_axis()
                .set_reverse()
                .set_crossing(rust_xlsxwriter::ChartAxisCrossing::Max);
            ("y", "x")
        } else {
            ("x", "y")
        };
        if let Some(t) = x_title {
            axis(&mut chart, cat_axis).set_name(t.as_str());
        }
        if let Some(t) = y_title {
            axis(&mut chart, val_axis).set_name(t.as_str());
        }
        axis(&mut chart, val_axis).set_num_format(number);
    }
    // One series of a column, bar or line chart is named by its axis; several, or the
    // slices of a pie, need a legend.
    if spec.series.len() == 1 && spec.kind != ChartKind::Pie {
        chart.legend().set_hidden();
    } else {
        chart.legend().set_position(ChartLegendPosition::Bottom);
    }
    let width = (widths.iter().sum::<f64>() * 7.0).min(CHART_WIDTH as f64) as u32;
    chart.set_width(width.max(360)).set_height(CHART_ROWS * 20);
    sheet.ws.insert_chart(chart_row, 0, &chart)?;
    sheet.row = chart_row + CHART_ROWS;
    if let Some(note) = &spec.note {
        sheet.text(note, &f.subtitle, widths[0], 0.0)?;
    }
    sheet.height(sheet.row, 10.0)?;
    sheet.row += 1;
    Ok(())
}

fn axis<'c>(chart: &'c mut Chart, which: &str) -> &'c mut rust_xlsxwriter::ChartAxis {
    if which == "x" {
        chart.x_axis()
    } else {
        chart.y_axis()
    }
}

/// A chart text as Excel shows it literally: a text that it would read as a cell reference
/// (it starts with "=", or names a sheet with "!") gets a look-alike character, and a warning.
fn literal(text: &str, what: &str, warnings: &mut Vec<Problem>) -> String {
    if !text.starts_with('=') && !text.contains('!') {
        return text.to_string();
    }
    // U+01C3 (ǃ) looks like "!", and U+FF1D (＝) like "=".
    let shown: String = text
        .chars()
        .enumerate()
        .map(|(i, c)| match c {
            '!' => '\u{1C3}',
            '=' if i == 0 => '\u{FF1D}',
            c => c,
        })
        .collect();
    warnings.push(Problem::new(
        Place::file("plugins/"),
        OutputProblem::ChartTextChanged {
            what: format!("{what}, its axis title"),
            text: text.to_string(),
            shown: shown.clone(),
        },
    ));
    shown
}

/// The rows before which a page breaks: at the end of every page as counted here (a tenth
/// short of the real page, so that the reader never breaks first), and earlier where a
/// block that fits on a page would otherwise be cut by the page's end. `heights` are in points, row by row; row 0 (the
/// section's title) is repeated atop every page.
fn page_breaks(heights: &[f64], keep: &[(u32, u32)], end: u32, paper: &Paper) -> Vec<u32> {
    let h = |r: u32| heights.get(r as usize).copied().unwrap_or(LINE);
    let page = paper.page_height(h(0));
    let mut breaks = Vec::new();
    let mut used = 0.0;
    for r in 1..end {
        // The most of what should stay together that one page can hold.
        let need: f64 = keep
            .iter()
            .filter(|(first, _)| *first == r)
            .map(|(first, last)| (*first..=(*last).min(end - 1)).map(h).sum::<f64>())
            .filter(|need| *need <= page)
            .fold(0.0, f64::max);
        if need > 0.0 && used + need > page && used > 0.0 {
            breaks.push(r);
            used = 0.0;
        }
        // Every page ends where this count says, not where the reader would end it: its own
        // count may differ a little, and a break it placed would fall elsewhere in a block.
        if used + h(r) > page && used > 0.0 {
            breaks.push(r);
            used = 0.0;
        }
        used += h(r);
    }
    breaks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::workbook::cells::MAX_ROW;

    #[test]
    fn a_long_paragraph_is_split_between_sentences() {
        let sentence = "States Parties reported steps on the action in the period. ";
        let text = sentence.repeat(60);
        let parts = split(text.trim_end(), 90.0);
        assert!(parts.len() > 1);
        for p in &parts {
            assert!(lines(p, 90.0) <= ROW_LINES);
            assert!(p.ends_with('.'), "{p}");
        }
        assert_eq!(parts.join(" "), text.trim_end());
        assert!(row_height(ROW_LINES) <= MAX_ROW);
    }

    #[test]
    fn a_block_that_would_straddle_a_page_starts_the_next() {
        let paper = Paper {
            landscape: false,
            scale: 1.0,
        };
        let page = paper.page_height(24.0);
        // Row 0 the title; rows 1.. of 100 points; a block of 3 rows at row 6.
        let mut heights = vec![24.0];
        heights.extend(std::iter::repeat_n(100.0, 20));
        let breaks = page_breaks(&heights, &[(6, 8)], 21, &paper);
        // Six rows fit a page. Rows 1 to 5 fill 500 points and the block of 300 would cross
        // the page's end: it starts the next page; then every page takes six rows.
        assert_eq!((page / 100.0).floor(), 6.0, "{page}");
        assert_eq!(breaks, [6, 12, 18]);
    }
}
