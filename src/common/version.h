#ifndef GB_VERSION_H
#define GB_VERSION_H
#define GAITBATCH_VERSION "0.27.0"
#endif
