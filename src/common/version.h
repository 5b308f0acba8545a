#ifndef GB_VERSION_H
#define GB_VERSION_H
#define GAITBATCH_VERSION "0.28.0"
#endif
