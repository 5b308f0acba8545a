# Reads report tables with R's rhdf5 and writes each as CSV, numbers with 17 significant digits,
# for tests/cli/readers.py to compare with h5py.
# usage: Rscript readers.R REPORT TABLE OUT.csv [REPORT TABLE OUT.csv ...]
suppressMessages(library(rhdf5))
args <- commandArgs(trailingOnly = TRUE)
for (i in seq(1, length(args), by = 3)) {
    table <- as.data.frame(h5read(args[i], args[i + 1], bit64conversion = "double"))
    for (column in names(table))
        if (is.numeric(table[[column]]))
            table[[column]] <- sprintf("%.17g", as.numeric(table[[column]]))
    write.csv(table, args[i + 2], row.names = FALSE)
}
